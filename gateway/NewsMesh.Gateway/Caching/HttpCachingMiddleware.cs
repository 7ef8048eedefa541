using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NewsMesh.ServiceDefaults.Http;

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
    public const string Private = "private, no-store";

    /// <summary>A page that lacks parts is worth caching only until its services are back.</summary>
    public const string Incomplete = "public, max-age=5";

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
        if (_varyByOrigin)
        {
            response.Headers.Append(HeaderNames.Vary, "Origin");
        }
        if (response.StatusCode == StatusCodes.Status200OK && IsJson(response.ContentType))
        {
            var etag = new EntityTagHeaderValue($"\"{Convert.ToBase64String(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)).AsSpan(0, 16)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"");
            response.Headers.ETag = etag.ToString();
            response.Headers.CacheControl = CacheControl(request.Path, buffer);
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
            await original.Stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Articles and article pages are public only when published (a page with parts missing only briefly); a list
    /// only when everything in it is. Authors and media are public.
    /// </summary>
    private string CacheControl(PathString path, MemoryStream body)
    {
        if (IsCollection(path, "authors") || IsCollection(path, "media"))
        {
            return _public;
        }
        var page = path.StartsWithSegments("/v1/pages/articles");
        if (!page && !IsCollection(path, "articles"))
        {
            return Private;
        }
        try
        {
            var json = body.GetBuffer().AsSpan(0, (int)body.Length);
            if (page)
            {
                var article = Property(json, "article"u8);
                return article.IsEmpty || !IsPublished(article) ? Private
                    : Property(json, "missingParts"u8) is { IsEmpty: false } missing && missing.Length > 2 ? Incomplete
                    : _public;
            }
            var list = Property(json, "articles"u8);
            return (list.IsEmpty ? IsPublished(json) : AllPublished(list)) ? _public : Private;
        }
        catch (JsonException)
        {
            return Private;
        }
    }

    /// <summary>The raw JSON of a top-level property of <paramref name="json"/>'s object; empty when it has none.</summary>
    private static ReadOnlySpan<byte> Property(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return [];
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var wanted = reader.ValueTextEquals(name);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (wanted)
            {
                return json[start..((int)reader.BytesConsumed)];
            }
        }
        return [];
    }

    /// <summary>Whether the article object is published, read without building a document.</summary>
    private static bool IsPublished(ReadOnlySpan<byte> article) =>
        Property(article, "state"u8).SequenceEqual("\"STATE_PUBLISHED\""u8);

    private static bool AllPublished(ReadOnlySpan<byte> array)
    {
        var reader = new Utf8JsonReader(array);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (!IsPublished(array[start..((int)reader.BytesConsumed)]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary><c>/v1/{name}</c>, <c>/v1/{name}/…</c> and its custom verbs, such as <c>/v1/articles:lookup</c>.</summary>
    private static bool IsCollection(PathString path, string name) =>
        path.StartsWithSegments("/v1/" + name) || (path.Value?.StartsWith($"/v1/{name}:", StringComparison.Ordinal) ?? false);

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
