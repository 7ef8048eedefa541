namespace NewsMesh.Articles.Data;

/// <summary>
/// One article row. The article itself is <see cref="Document"/>, its protobuf bytes, so that content fields
/// evolve with the contract and need no migration; the columns are the facts that are queried or constrained.
/// Times are microseconds since the Unix epoch, which both providers order and compare natively.
/// </summary>
public sealed class ArticleRecord
{
    public required string Id { get; set; }
    public required string Slug { get; set; }
    public required string LanguageCode { get; set; }
    public required string Section { get; set; }
    public string Label { get; set; } = "";

    /// <summary>Null only on rows written before the column existed, until the start-up backfill fills them.</summary>
    public string? TranslationGroup { get; set; }
    public int State { get; set; }

    /// <summary>The list order: first publication, or creation for an article never published.</summary>
    public long ListTime { get; set; }

    /// <summary>When it was or will be published; what the scheduler looks at.</summary>
    public long? PublishTime { get; set; }

    /// <summary>Optimistic concurrency token: every write raises it, and a write from a stale read fails.</summary>
    public long Revision { get; set; }

    /// <summary>The subject that created the article; empty on rows written before identities existed.</summary>
    public string Creator { get; set; } = "";

    public string? RequestId { get; set; }
    public bool Deleted { get; set; }
    public required byte[] Document { get; set; }
}
