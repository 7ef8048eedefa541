using System.ComponentModel.DataAnnotations;

namespace NewsMesh.Storage;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where a service keeps its data: a SQLite file in <see cref="DataDirectory"/> unless PostgreSQL is configured.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Folder for SQLite files (and, for media, originals); created on first start.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>ADO.NET connection string; required for PostgreSQL, optional for SQLite (overrides the file in DataDirectory).</summary>
    public string? ConnectionString { get; set; }
}
