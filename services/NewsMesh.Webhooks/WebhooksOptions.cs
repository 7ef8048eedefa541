using System.ComponentModel.DataAnnotations;

namespace NewsMesh.Webhooks;

public sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>Secret that signs page tokens.</summary>
    [Required, MinLength(16)]
    public string PageTokenKey { get; set; } = "";

    /// <summary>The article service (gRPC), whose feed is delivered; empty: its changes are not followed.</summary>
    public string? ArticlesAddress { get; set; }

    /// <summary>The author service (gRPC), whose feed is delivered; empty: its changes are not followed.</summary>
    public string? AuthorsAddress { get; set; }

    /// <summary>The media service (gRPC), whose feed is delivered; empty: its changes are not followed.</summary>
    public string? MediaAddress { get; set; }

    /// <summary>
    /// Whether subscription URLs may reach loopback, private and link-local addresses. Off in deployments, so that a
    /// subscription cannot be used to call the mesh's own services or the cloud's metadata endpoint; tests turn it on.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How long one attempt may take, connection included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first retry; each later one doubles it, up to <see cref="MaxRetryDelay"/>, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "12:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a delivery is retried before it becomes a dead letter (FAILED).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many deliveries are sent at once, over all subscriptions.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 16;

    /// <summary>How long delivered and failed deliveries are kept for admins to list and redeliver.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>The CDN in front of the gateway, purged by surrogate key as changes arrive.</summary>
public sealed class PurgeOptions
{
    public const string Section = "Purge";

    /// <summary>The CDN's address, such as <c>http://127.0.0.1:6081</c> for Varnish (deploy/varnish/); empty: no purges.</summary>
    public string? Address { get; set; }

    /// <summary>
    /// How long after a change its purge is sent: by then the gateway has let go of its kept pages (it follows the same
    /// feed), so the CDN's next fetch is composed afresh.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long after a change its purge is sent again (zero: never): by then every replica's own cache has let go of
    /// the old version (the article service's second eviction comes a second after a write), so a page the CDN fetched
    /// from a replica that still held it is not kept for its whole TTL.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RepeatAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long one purge request may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
