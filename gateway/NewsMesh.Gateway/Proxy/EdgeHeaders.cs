using NewsMesh.ServiceDefaults.Http;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace NewsMesh.Gateway.Proxy;

/// <summary>
/// What the gateway adds to every answer and takes from every proxied request. Answers: <c>nosniff</c>, no
/// referrer, and a <c>Cache-Control</c> on all of them: <c>private, no-store</c> for a caller that sent
/// credentials (what it sees may be more than the public may), <c>no-store</c> where nothing else set one; the
/// services' caching statements (<see cref="SharedCache"/>) are taken off.
/// Requests: <c>Authorization</c> goes through unchanged, for the services judge the caller themselves; the headers
/// below, by which a client could pretend to be someone or somewhere else, never reach a service. YARP itself
/// replaces any client-sent <c>X-Forwarded-For</c>, <c>-Proto</c>, <c>-Host</c> and <c>-Prefix</c> with its own.
/// </summary>
public sealed class EdgeHeaders(RequestDelegate next)
{
    /// <summary>Client-sent headers that assert an identity or an origin; the mesh trusts only the bearer token.</summary>
    public static readonly IReadOnlyList<string> Stripped =
    [
        "Forwarded", "X-Real-IP", "X-Client-IP", "True-Client-IP", "X-Original-Forwarded-For",
        "X-Forwarded-User", "X-Forwarded-Email", "X-Forwarded-Groups", "X-Forwarded-Preferred-Username",
        "X-Auth-Request-User", "X-Auth-Request-Email", "X-Remote-User", "Remote-User", "X-User", "X-Roles",
        "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override",
    ];

    public Task InvokeAsync(HttpContext context)
    {
        var credentials = context.Request.Headers.Authorization.Count > 0;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // The services' word to the gateway's caching, read by then; it is nobody else's business.
            headers.Remove(SharedCache.Header);
            headers.Remove(SharedCache.KeysHeader);
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (credentials)
            {
                headers.CacheControl = Caching.HttpCachingMiddleware.Private;
                headers.Remove(Caching.HttpCachingMiddleware.SurrogateKeyHeader);
                headers.Remove(Caching.HttpCachingMiddleware.CacheTagHeader);
            }
            else if (headers.CacheControl.Count == 0)
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>Removes <see cref="Stripped"/> from every proxied request.</summary>
    public static void Strip(TransformBuilderContext transforms)
    {
        foreach (var header in Stripped)
        {
            transforms.AddRequestHeaderRemove(header);
        }
    }
}
