using NewsMesh.Articles.Domain;
using NewsMesh.Storage.Documents;

namespace NewsMesh.Articles.Data;

/// <summary>An article's row: the columns an article is listed, looked up, scheduled and shown by.</summary>
public sealed class ArticleRecord : DocumentRow, ISoftDeleted, IVisibleArticle
{
    public string Slug { get; set; } = "";
    public string LanguageCode { get; set; } = "";
    public string Section { get; set; } = "";
    public string Label { get; set; } = "";

    /// <summary>Null only on rows written before the column existed, until the start-up backfill fills them.</summary>
    public string? TranslationGroup { get; set; }
    public int State { get; set; }

    /// <summary>When it was or will be published; what the scheduler looks at.</summary>
    public long? PublishTime { get; set; }

    public long? EmbargoTime { get; set; }

    /// <summary>The subject that created the article; empty on rows written before identities existed.</summary>
    public string Creator { get; set; } = "";

    /// <summary>The id of the article this one translates; null for an original. A change to that one's text finds its translations by it.</summary>
    public string? TranslationSourceId { get; set; }

    /// <summary>Whether the source's text changed since the revision this translation was made from.</summary>
    public bool TranslationStale { get; set; }

    public bool Deleted { get; set; }
}
