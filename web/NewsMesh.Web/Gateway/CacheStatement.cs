using System.Globalization;

namespace NewsMesh.Web.Gateway;

/// <summary>
/// What the gateway said of an answer's caching, and what a page made of several answers may say of itself: public
/// only when every part is, for as long as the shortest-lived part, purged by every part's surrogate keys.
/// </summary>
public sealed record CacheStatement(bool Public, int MaxAge, int StaleWhileRevalidate, IReadOnlySet<string> Keys)
{
    public const string PrivateHeader = "private, no-store";

    public static readonly CacheStatement Private = new(false, 0, 0, new HashSet<string>());

    /// <summary>Nothing read yet: the neutral element of <see cref="And"/>.</summary>
    public static readonly CacheStatement Unbounded = new(true, int.MaxValue, int.MaxValue, new HashSet<string>());

    public static CacheStatement Of(HttpResponseMessage response)
    {
        var control = response.Headers.CacheControl;
        if (control is null || !control.Public || control.NoStore || control.Private || control.MaxAge is not { } maxAge)
        {
            return Private;
        }
        var stale = control.Extensions.FirstOrDefault(e => e.Name == "stale-while-revalidate") is { Value: { } value }
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
        var keys = response.Headers.TryGetValues("Surrogate-Key", out var values)
            ? values.SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal)
            : [];
        return new CacheStatement(true, (int)maxAge.TotalSeconds, stale, keys);
    }

    public CacheStatement And(CacheStatement other) =>
        Public && other.Public
            ? new CacheStatement(true, Math.Min(MaxAge, other.MaxAge), Math.Min(StaleWhileRevalidate, other.StaleWhileRevalidate), Keys.Union(other.Keys, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal))
            : Private;

    /// <summary>The <c>Cache-Control</c> value; a page that read nothing from the gateway (a 404 of a bad path) is not kept.</summary>
    public string Header =>
        !Public || MaxAge == int.MaxValue ? PrivateHeader
        : StaleWhileRevalidate > 0 ? $"public, max-age={MaxAge}, stale-while-revalidate={StaleWhileRevalidate}"
        : $"public, max-age={MaxAge}";
}
