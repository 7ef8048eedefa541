using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Article.V1;

namespace NewsMesh.Bench.Limit;

/// <summary>
/// The benchmark's limit: <c>newsmesh.bench.v1.Limit/GetArticle</c> (and <c>ListArticles</c>, for a list) answers a GetArticleRequest with the article's
/// bytes as the article service gave them to an anonymous reader, kept in memory for a second at a time (then read
/// again, so that an article unpublished meanwhile is no longer answered). It runs on the services' own hosting and
/// does nothing else, so no real read can beat it, and every read path is reported as a share of it.
/// </summary>
public sealed class LimitService : IDisposable
{
    public const string ServiceName = "newsmesh.bench.v1.Limit";

    /// <summary>How long bytes are answered before the article service is asked again.</summary>
    private const long KeptMilliseconds = 1000;

    public static readonly Method<byte[], byte[]> GetArticleMethod = new(MethodType.Unary, ServiceName, "GetArticle", Bytes, Bytes);

    /// <summary>The list-sized limit: a ListArticlesRequest answered with the list's bytes as the article service gave them.</summary>
    public static readonly Method<byte[], byte[]> ListArticlesMethod = new(MethodType.Unary, ServiceName, "ListArticles", Bytes, Bytes);

    private readonly ConcurrentDictionary<string, (byte[] Bytes, long Until)> _bytes = new(StringComparer.Ordinal);
    private readonly GrpcChannel _source;
    private readonly ArticleService.ArticleServiceClient _articles;

    public LimitService(IOptions<LimitOptions> options)
    {
        _source = GrpcChannel.ForAddress(options.Value.Source);
        _articles = new ArticleService.ArticleServiceClient(_source);
    }

    private static Marshaller<byte[]> Bytes => Marshallers.Create(b => b, b => b);

    public async Task<byte[]> GetArticleAsync(byte[] request, ServerCallContext context)
    {
        var get = GetArticleRequest.Parser.ParseFrom(request);
        if (_bytes.TryGetValue(get.Name, out var kept) && Environment.TickCount64 < kept.Until)
        {
            return kept.Bytes;
        }
        try
        {
            var bytes = (await _articles.GetArticleAsync(get, deadline: context.Deadline, cancellationToken: context.CancellationToken)).ToByteArray();
            _bytes[get.Name] = (bytes, Environment.TickCount64 + KeptMilliseconds);
            return bytes;
        }
        catch (RpcException)
        {
            // Whatever the article service said (NOT_FOUND for a draft or an unpublished story) is the answer too.
            _bytes.TryRemove(get.Name, out _);
            throw;
        }
    }

    public async Task<byte[]> ListArticlesAsync(byte[] request, ServerCallContext context)
    {
        var key = "list:" + Convert.ToBase64String(request);
        if (_bytes.TryGetValue(key, out var kept) && Environment.TickCount64 < kept.Until)
        {
            return kept.Bytes;
        }
        var list = ListArticlesRequest.Parser.ParseFrom(request);
        var bytes = (await _articles.ListArticlesAsync(list, deadline: context.Deadline, cancellationToken: context.CancellationToken)).ToByteArray();
        _bytes[key] = (bytes, Environment.TickCount64 + KeptMilliseconds);
        return bytes;
    }

    public void Dispose() => _source.Dispose();
}
