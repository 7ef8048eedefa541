using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace NewsMesh.Gateway.Caching;

/// <summary>
/// HTTP caching for the JSON that web clients read (GET under <c>/v1/</c>, proxied or composed): a strong ETag
/// made from the body, 304 when the client already has it, and <c>Cache-Control</c> by what the body is:
/// published articles and their pages, authors and media may be cached by anyone for a short while (and
/// served stale while revalidating); drafts and everything else only by no one. The body is buffered to be
/// hashed, which JSON responses of this API, at most 100 items a page, afford.
/// </summary>
public sealed class HttpCachingMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    private readonly string _public =
        $"public, max-age={options.Value.PublicMaxAgeSeconds}, stale-while-revalidate={options.Value.StaleWhileRevalidateSeconds}";

    public const string Private = "private, no-store";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || !request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        var buffering = new BufferingBodyFeature(buffer);
        context.Features.Set<IHttpResponseBodyFeature>(buffering);
        try
        {
            await next(context);
            await buffering.CompleteAsync();
        }
        finally
        {
            context.Features.Set(original);
        }

        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status200OK && IsJson(response.ContentType))
        {
            var etag = new EntityTagHeaderValue($"\"{Convert.ToBase64String(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)).AsSpan(0, 16)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"");
            response.Headers.ETag = etag.ToString();
            response.Headers.CacheControl = IsPublic(request.Path, buffer) ? _public : Private;
            if (request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } ifNoneMatch
                && ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
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
        if (HttpMethods.IsGet(request.Method) && buffer.Length > 0)
        {
            await original.Stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Articles and article pages are public only when published; a list only when everything in it is.</summary>
    private static bool IsPublic(PathString path, MemoryStream body)
    {
        if (path.StartsWithSegments("/v1/authors") || path.StartsWithSegments("/v1/media"))
        {
            return true;
        }
        var article = path.StartsWithSegments("/v1/pages/articles");
        if (!article && !IsArticlesPath(path))
        {
            return false;
        }
        try
        {
            using var json = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
            var root = json.RootElement;
            if (article)
            {
                return root.TryGetProperty("article", out var page) && IsPublished(page);
            }
            if (root.TryGetProperty("articles", out var list))
            {
                return list.EnumerateArray().All(IsPublished);
            }
            return IsPublished(root);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary><c>/v1/articles</c>, <c>/v1/articles/…</c> and the custom verbs <c>/v1/articles:lookup</c>.</summary>
    private static bool IsArticlesPath(PathString path) =>
        path.StartsWithSegments("/v1/articles") || (path.Value?.StartsWith("/v1/articles:", StringComparison.Ordinal) ?? false);

    private static bool IsPublished(JsonElement article) =>
        article.ValueKind == JsonValueKind.Object
        && article.TryGetProperty("state", out var state)
        && state.ValueEquals("STATE_PUBLISHED");

    /// <summary>Keeps the whole response in memory, so headers can still change after the endpoint has written.</summary>
    private sealed class BufferingBodyFeature(MemoryStream buffer) : IHttpResponseBodyFeature
    {
        private PipeWriter? _writer;

        public Stream Stream => buffer;
        public PipeWriter Writer => _writer ??= PipeWriter.Create(buffer, new StreamPipeWriterOptions(leaveOpen: true));

        public void DisableBuffering()
        {
            // Buffering is the point here.
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
        {
            await using var file = File.OpenRead(path);
            file.Position = offset;
            if (count is { } length)
            {
                var bytes = new byte[length];
                await file.ReadExactlyAsync(bytes, cancellationToken);
                await buffer.WriteAsync(bytes, cancellationToken);
            }
            else
            {
                await file.CopyToAsync(buffer, cancellationToken);
            }
        }

        public async Task CompleteAsync()
        {
            if (_writer is not null)
            {
                await _writer.FlushAsync();
            }
        }
    }
}
