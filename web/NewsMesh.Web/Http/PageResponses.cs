using Microsoft.Net.Http.Headers;
using NewsMesh.ServiceDefaults.Http;
using NewsMesh.Web.Gateway;

namespace NewsMesh.Web.Http;

/// <summary>
/// What every page answer carries: the security headers; and, for the site's own pages, an ETag made from the body
/// (304 when the reader has it), <c>Cache-Control</c> and <c>Surrogate-Key</c> from what the page read (public only
/// when every part was, for the shortest time any part allowed: <see cref="CacheStatement"/>), and the rendered page
/// kept when it may be (<see cref="RenderedPages"/>). Images passed through from the gateway keep the gateway's headers.
/// </summary>
public sealed class PageResponses(RequestDelegate next, RenderedPages rendered)
{
    // No script at all, inline or not; images, styles and forms from this site only; never framed.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public async Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            if (!response.Headers.ContainsKey("Referrer-Policy"))
            {
                response.Headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            }
            return Task.CompletedTask;
        });
        var path = context.Request.Path;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            || path.StartsWithSegments("/media") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/metrics")
            || path.StartsWithSegments("/css"))
        {
            await next(context);
            return;
        }

        using var buffer = await BufferingBodyFeature.CaptureAsync(context, next);

        var statement = context.RequestServices.GetRequiredService<PageReads>().Statement;
        if (response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status301MovedPermanently)
        {
            if (string.IsNullOrEmpty(response.Headers.CacheControl))
            {
                response.Headers.CacheControl = statement.Header;
            }
            if (response.Headers.CacheControl == statement.Header && statement.Header != CacheStatement.PrivateHeader && statement.Keys.Count > 0)
            {
                // What a CDN in front purges the page by: the same keys the gateway's answers carried (Surrogate-Key for Fastly and Varnish's xkey, Cache-Tag for Cloudflare and Akamai).
                var keys = statement.Keys.Order(StringComparer.Ordinal).ToList();
                response.Headers["Surrogate-Key"] = string.Join(' ', keys);
                response.Headers["Cache-Tag"] = string.Join(',', keys);
            }
        }
        else
        {
            response.Headers.CacheControl = "no-store";
        }

        if (response.StatusCode == StatusCodes.Status200OK && buffer.Length > 0)
        {
            var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            if (context.Items[RenderedPages.KeyItem] is string key && response.Headers.CacheControl == statement.Header && statement.Header != CacheStatement.PrivateHeader)
            {
                rendered.Keep(key, new RenderedPages.Rendered(body.ToArray(), response.ContentType ?? "text/html; charset=utf-8"));
            }
            // Weak: the same page is sent compressed or not.
            var etag = ETags.Of(body.Span, weak: true);
            response.Headers.ETag = etag.ToString();
            if (ETags.ClientHas(context.Request, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                return;
            }
        }
        response.ContentLength = buffer.Length;
        if (buffer.Length > 0 && !HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
        }
    }
}
