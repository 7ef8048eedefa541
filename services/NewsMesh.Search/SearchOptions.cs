using System.ComponentModel.DataAnnotations;

namespace NewsMesh.Search;

public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>Secret that signs page tokens.</summary>
    [Required, MinLength(16)]
    public string PageTokenKey { get; set; } = "";

    /// <summary>The article service (gRPC): its feed and its articles are what is indexed. Required.</summary>
    [Required]
    public string ArticlesAddress { get; set; } = "";

    /// <summary>The author service (gRPC), for the names in bylines; empty: bylines are not searchable by name.</summary>
    public string? AuthorsAddress { get; set; }

    /// <summary>The media service (gRPC), to leave out lead images that were deleted or withdrawn; empty: they are shown as the article names them.</summary>
    public string? MediaAddress { get; set; }

    /// <summary>Where the index lives; empty: <c>search-index</c> in <c>Storage:DataDirectory</c>. One process per folder.</summary>
    public string? IndexDirectory { get; set; }

    /// <summary>How often what was indexed becomes searchable, at most.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the index and the feed positions are written to disk together, at most.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one call to another service may take while indexing.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
