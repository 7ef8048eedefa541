using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace NewsMesh.ServiceDefaults.Http;

/// <summary>
/// What a service says of its own answer to the caches it passes on the way to web clients (the gateway's HTTP
/// caching, a CDN behind it): whether anyone may be shown it, and for how long at most. Only the service that owns
/// the data knows (a published article may be kept, a draft never); the gateway reads the statement, strips it and
/// writes <c>Cache-Control</c>. Without a statement an answer is private.
/// </summary>
public static class SharedCache
{
    public const string Header = "newsmesh-cache";

    /// <summary>What a public answer is made of, as the change feeds name it (space-separated surrogate keys).</summary>
    public const string KeysHeader = "newsmesh-surrogate-keys";
    private const string Public = "public";
    private const string PublicFor = "public, max-age=";

    /// <summary>
    /// The answer to this call may be kept and shown to anyone, for <paramref name="maxAge"/> at most when given (the
    /// edge's own limit otherwise). gRPC answers say it too, in their headers: the gateway composes pages from them.
    /// </summary>
    public static void AllowPublic(ServerCallContext context, TimeSpan? maxAge = null) =>
        context.GetHttpContext().Response.Headers[Header] =
            maxAge is { } age ? PublicFor + ((int)age.TotalSeconds).ToString(CultureInfo.InvariantCulture) : Public;

    /// <summary>
    /// As <see cref="AllowPublic(ServerCallContext, TimeSpan?)"/>, naming what the answer is made of: a cache that
    /// keeps it lets it go when a change names one of <paramref name="surrogateKeys"/>.
    /// </summary>
    public static void AllowPublic(ServerCallContext context, TimeSpan? maxAge, IEnumerable<string> surrogateKeys) =>
        AllowPublic(context, maxAge, string.Join(' ', surrogateKeys.Distinct(StringComparer.Ordinal)));

    /// <summary>As the overload above, with the keys already joined by spaces: for an answer that names the same keys every time.</summary>
    public static void AllowPublic(ServerCallContext context, TimeSpan? maxAge, string surrogateKeys)
    {
        AllowPublic(context, maxAge);
        context.GetHttpContext().Response.Headers[KeysHeader] = surrogateKeys;
    }

    /// <summary>The surrogate keys a service named in <paramref name="headers"/>.</summary>
    public static string[] KeysOf(IHeaderDictionary headers) =>
        headers[KeysHeader].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The statement in a gRPC answer's <paramref name="headers"/>, with the service's limit (null: none).</summary>
    public static bool IsPublic(Metadata headers, out int? maxAgeSeconds)
    {
        maxAgeSeconds = null;
        return headers.GetValue(Header) is { } value && Read(value, out maxAgeSeconds);
    }

    /// <summary>
    /// The statement in <paramref name="headers"/>: false when the answer is private; <paramref name="maxAgeSeconds"/>
    /// is the service's limit, or null when it set none.
    /// </summary>
    public static bool IsPublic(IHeaderDictionary headers, out int? maxAgeSeconds)
    {
        return Read(headers[Header].ToString(), out maxAgeSeconds);
    }

    private static bool Read(string value, out int? maxAgeSeconds)
    {
        maxAgeSeconds = null;
        if (value == Public)
        {
            return true;
        }
        if (value.StartsWith(PublicFor, StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(PublicFor.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            maxAgeSeconds = seconds;
            return true;
        }
        return false;
    }
}
