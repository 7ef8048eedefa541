using NewsMesh.Articles.Domain;

namespace NewsMesh.Articles.Data;

/// <summary>
/// One revision of an article: the <c>ArticleRevision</c> message as its protobuf bytes, the whole article inside,
/// written in the transaction of the write that made it and never changed. The columns decide who may see it.
/// </summary>
public sealed class ArticleRevisionRecord : IVisibleArticle
{
    public string ArticleId { get; set; } = "";
    public long Revision { get; set; }
    public int State { get; set; }
    public long? EmbargoTime { get; set; }
    public string Creator { get; set; } = "";

    /// <summary>Whether the write changed the headline, summary or body: what puts translations behind.</summary>
    public bool ChangesText { get; set; }

    public byte[] Document { get; set; } = [];
}
