namespace NewsMesh.Authors.Data;

/// <summary>
/// One author row: the author as protobuf bytes in <see cref="Document"/>, and as columns the facts that are
/// queried or constrained. Times are microseconds since the Unix epoch.
/// </summary>
public sealed class AuthorRecord
{
    public required string Id { get; set; }
    public required string Slug { get; set; }
    public int Kind { get; set; }
    public int State { get; set; }

    /// <summary>The list order: creation.</summary>
    public long ListTime { get; set; }

    /// <summary>Optimistic concurrency token: every write raises it.</summary>
    public long Revision { get; set; }

    public string? RequestId { get; set; }
    public required byte[] Document { get; set; }
}
