using NewsMesh.Storage.Documents;

namespace NewsMesh.Media.Data;

/// <summary>A media row: the columns media are listed by, and the original file they show.</summary>
public sealed class MediaRecord : DocumentRow
{
    /// <summary>The stored original these media show; several media may share one.</summary>
    public string Sha256 { get; set; } = "";
}
