namespace NewsMesh.Media.Data;

/// <summary>
/// One media row: the media as protobuf bytes in <see cref="Document"/>, and as columns the facts that are
/// queried or constrained. Times are microseconds since the Unix epoch.
/// </summary>
public sealed class MediaRecord
{
    public required string Id { get; set; }

    /// <summary>The stored original these media show; several media may share one.</summary>
    public required string Sha256 { get; set; }

    /// <summary>The list order: upload time, newest first.</summary>
    public long ListTime { get; set; }

    /// <summary>Optimistic concurrency token: every write raises it.</summary>
    public long Revision { get; set; }

    public string? RequestId { get; set; }
    public required byte[] Document { get; set; }
}
