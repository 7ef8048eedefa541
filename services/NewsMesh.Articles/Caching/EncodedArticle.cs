using Google.Protobuf;
using NewsMesh.Contracts;
using NewsMesh.Articles.Domain;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Storage.Documents;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// An article as it is stored: its protobuf bytes, which gRPC readers are answered with as they are, and the facts
/// that decide who may see it, which come from the row's columns (or the Redis value's header) without a parse. The
/// message itself is parsed once, the first time a caller needs it (JSON, the ninjs document), and then shared:
/// callers must not change it.
/// </summary>
public sealed class EncodedArticle(string id, byte[] bytes, int state, long? embargoTime, string creator) : IVisibleArticle
{
    private Article? _article;
    private string? _surrogateKey;

    public string Id { get; } = id;

    public byte[] Bytes { get; } = bytes;

    public int State { get; } = state;

    public long? EmbargoTime { get; } = embargoTime;

    public string Creator { get; } = creator;

    /// <summary>Two readers that race here parse it twice and keep one: cheaper than a lock on every read.</summary>
    public Article Article => _article ??= Article.Parser.ParseFrom(Bytes);

    /// <summary>The surrogate key of its answers, made once: it is sent with every hot read.</summary>
    public string SurrogateKey => _surrogateKey ??= SurrogateKeys.Article(Id);

    public static EncodedArticle Of(string id, Article article) =>
        new(id, article.ToByteArray(), (int)article.State, article.EmbargoTime is { } embargo ? Versions.Micros(embargo.ToDateTimeOffset()) : null, article.Creator)
        {
            _article = article,
        };
}
