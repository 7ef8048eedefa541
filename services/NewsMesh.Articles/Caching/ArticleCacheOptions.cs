using System.ComponentModel.DataAnnotations;

namespace NewsMesh.Articles.Caching;

/// <summary>The <c>Cache</c> section: the two-level cache in front of article reads.</summary>
public sealed class ArticleCacheOptions
{
    public const string Section = "Cache";

    /// <summary>Off sends every read to the database (used to measure cold reads).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The in-process level; off leaves Redis as the only level (used to measure Redis hits).</summary>
    public bool MemoryEnabled { get; set; } = true;

    /// <summary>StackExchange.Redis configuration, e.g. <c>localhost:6379</c>; empty means no Redis level and no backplane.</summary>
    public string? Redis { get; set; }

    /// <summary>How long an article stays cached when nothing changes it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an entry stays in a replica's memory. Evictions reach other replicas through the backplane in
    /// milliseconds; this bounds how stale a replica can be if it missed one (its Redis connection was down).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MemoryDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most entries a replica keeps in memory (articles, and the links from slugs to them); past it the least
    /// recently read go first. This bounds the replica's memory: an article takes about 16 KB there, so the
    /// default is about 60 MB, and on a news site's skewed reads it holds nearly every read.
    /// </summary>
    [Range(100, 10_000_000)]
    public int MemoryEntries { get; set; } = 4_000;

    /// <summary>The longest any request waits on Redis; past it the read goes on without Redis.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How many of a front's newest articles are kept (the first page of a language's or a section's published
    /// articles); a first page of up to this many is answered from them, a larger one or a later page from the
    /// database. 0 keeps no fronts.
    /// </summary>
    [Range(0, 100)]
    public int FrontDepth { get; set; } = 30;

    /// <summary>A write evicts again after this delay, removing a stale value that a concurrent load put back.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan SecondEviction { get; set; } = TimeSpan.FromSeconds(1);
}
