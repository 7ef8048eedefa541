using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NewsMesh.ServiceDefaults.Http;

namespace NewsMesh.Gateway.Caching;

/// <summary>
/// HTTP caching for the JSON that web clients read (GET under <c>/v1/</c>, proxied or composed): a strong ETag
/// made from the body, 304 when the client already has it, and <c>Cache-Control</c> by what the service that
/// answered says of its answer (<see cref="SharedCache"/>): public for a short while (and served stale while
/// revalidating), or private. The body is buffered to be hashed, which JSON responses of this API, at most 100
/// items a page, afford; it is never read.
/// </summary>
public sealed class HttpCachingMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    public const string Private = "private, no-store";
    public const string SurrogateKeyHeader = "Surrogate-Key";
    public const string CacheTagHeader = "Cache-Tag";

    private readonly int _publicMaxAge = options.Value.PublicMaxAgeSeconds;
    private readonly int _staleWhileRevalidate = options.Value.StaleWhileRevalidateSeconds;

    private readonly string _public =
        $"public, max-age={options.Value.PublicMaxAgeSeconds}, stale-while-revalidate={options.Value.StaleWhileRevalidateSeconds}";

    // With CORS on, the same URL answers differently by Origin; a shared cache must keep the answers apart.
    private readonly bool _varyByOrigin = options.Value.CorsOrigins.Length > 0;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || !request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        using var buffer = await BufferingBodyFeature.CaptureAsync(context, next);

        var response = context.Response;
        if (_varyByOrigin)
        {
            response.Headers.Append(HeaderNames.Vary, "Origin");
        }
        if (response.StatusCode == StatusCodes.Status200OK && IsJson(response.ContentType))
        {
            var etag = ETags.Of(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            response.Headers.ETag = etag.ToString();
            response.Headers.CacheControl = CacheControl(response.Headers);
            if (response.Headers.CacheControl != Private && SharedCache.KeysOf(response.Headers) is { Length: > 0 } keys)
            {
                // What a CDN purges the answer by: Surrogate-Key (Fastly, Varnish's xkey), Cache-Tag (Cloudflare, Akamai).
                response.Headers[SurrogateKeyHeader] = string.Join(' ', keys);
                response.Headers[CacheTagHeader] = string.Join(',', keys);
            }
            if (ETags.ClientHas(request, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                return;
            }
        }
        else if (response.StatusCode >= 400)
        {
            response.Headers.CacheControl = "no-store";
        }
        response.ContentLength = buffer.Length;
        if (buffer.Length > 0)
        {
            await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The service's statement (<see cref="SharedCache"/>), within the edge's own limits.</summary>
    private string CacheControl(IHeaderDictionary headers)
    {
        if (!SharedCache.IsPublic(headers, out var maxAge))
        {
            return Private;
        }
        // A service that states a limit means it: the answer changes then, so nothing, stale or not, is kept past it.
        if (maxAge is not { } seconds || seconds >= _publicMaxAge + _staleWhileRevalidate)
        {
            return _public;
        }
        return seconds > _publicMaxAge
            ? $"public, max-age={_publicMaxAge}, stale-while-revalidate={seconds - _publicMaxAge}"
            : $"public, max-age={seconds}";
    }
}
