using NewsMesh.Storage.Documents;

namespace NewsMesh.Authors.Data;

/// <summary>An author's row: the columns authors are listed and looked up by.</summary>
public sealed class AuthorRecord : DocumentRow
{
    public string Slug { get; set; } = "";
    public int Kind { get; set; }
    public int State { get; set; }
}
