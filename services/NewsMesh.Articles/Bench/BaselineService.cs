using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using NewsMesh.Contracts;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Text;
using NewsMesh.Articles.Data;
using NewsMesh.Articles.Domain;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.ServiceDefaults.Errors;

namespace NewsMesh.Articles.Bench;

/// <summary>
/// The benchmark's limit: <c>newsmesh.bench.v1.Baseline/GetArticle</c> answers a GetArticleRequest with the
/// article's bytes, serialised once and kept in memory (for a second at a time, then read again, so that an article
/// unpublished meanwhile is no longer answered). No real read can beat it, so every read path is
/// reported as a share of it. Mapped only when <c>Bench:Baseline</c> is true; like an anonymous read, it answers
/// only published and retracted articles.
/// </summary>
public sealed class BaselineService(IServiceScopeFactory scopes)
{
    public const string ServiceName = "newsmesh.bench.v1.Baseline";

    /// <summary>How long bytes are answered before the store is asked again whether the article is still public.</summary>
    private const long KeptMilliseconds = 1000;

    private readonly ConcurrentDictionary<string, (byte[] Bytes, long Until)> _bytes = new(StringComparer.Ordinal);

    public static readonly Method<byte[], byte[]> GetArticleMethod = new(
        MethodType.Unary, ServiceName, "GetArticle", Bytes, Bytes);

    private static Marshaller<byte[]> Bytes => Marshallers.Create(b => b, b => b);

    public async Task<byte[]> GetArticleAsync(byte[] request, ServerCallContext context)
    {
        var name = GetArticleRequest.Parser.ParseFrom(request).Name;
        if (_bytes.TryGetValue(name, out var kept) && Environment.TickCount64 < kept.Until)
        {
            return kept.Bytes;
        }
        if (!Resources.Article.TryParse(name, out var id))
        {
            RpcErrors.ThrowInvalidArgument("name", "must be an article resource name, articles/{article}");
        }
        await using var scope = scopes.CreateAsyncScope();
        var article = await scope.ServiceProvider.GetRequiredService<ArticleStore>().GetAsync(id, context.CancellationToken);
        if (article is null || !ArticleViewer.IsPublic(article.State))
        {
            _bytes.TryRemove(name, out _);
            RpcErrors.ThrowNotFound("newsmesh.article.v1.Article", name);
        }
        var bytes = article.ToByteArray();
        _bytes[name] = (bytes, Environment.TickCount64 + KeptMilliseconds);
        return bytes;
    }
}
