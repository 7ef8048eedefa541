using System.ComponentModel.DataAnnotations;

namespace NewsMesh.Storage.Feed;

/// <summary>The change feed's settings (<c>Feed</c> section), the same for every service.</summary>
public sealed class FeedOptions
{
    public const string Section = "Feed";

    /// <summary>How long changes are kept; a cursor older than this is OUT_OF_RANGE.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the feed is read when no signal came: a lost signal delays a change by at most this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a watch stream stays quiet before it gets a heartbeat.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Changes kept for one watcher that has not read them yet; past this it is ended with RESOURCE_EXHAUSTED.</summary>
    [Range(1, 100_000)]
    public int WatchBuffer { get; set; } = 1000;
}
