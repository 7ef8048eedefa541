using System.ComponentModel.DataAnnotations;

namespace NewsMesh.Gateway;

/// <summary>The gateway's own settings; routes and clusters are YARP's, in the <c>ReverseProxy</c> section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Origins whose pages may call the JSON API from a browser (CORS). Empty: none.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Requests a client (a token's subject, or an address without one) may make per second, on average.</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPerSecond { get; set; } = 100;

    /// <summary>Requests a client may make at once above the average (a token bucket's size).</summary>
    [Range(1, 1_000_000)]
    public int RateLimitBurst { get; set; } = 200;

    /// <summary>Writes a client may make per second, on average, within its requests.</summary>
    [Range(1, 1_000_000)]
    public int WriteRateLimitPerSecond { get; set; } = 10;

    /// <summary>Writes a client may make at once above the average.</summary>
    [Range(1, 1_000_000)]
    public int WriteRateLimitBurst { get; set; } = 20;

    /// <summary>
    /// Addresses of proxies in front of the gateway (load balancers) whose X-Forwarded-For is believed. From
    /// anyone else the header is ignored, so a client cannot choose whom its requests are counted against.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>How long a composed page may take in all; each service call gets what is left of it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long at most a complete composed page is kept and served again without asking the services; zero composes
    /// every request. A change to one of its parts lets it go sooner (the gateway follows the services' change
    /// feeds); while a feed is not followed, pages are kept for a second only.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan PageCacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most pages the page cache holds at once (each slug, language and aspect ratio is one).</summary>
    [Range(1, 1_000_000)]
    public int PageCacheEntries { get; set; } = 10_000;

    /// <summary>The longest the gateway waits to connect to a service: a dead one is a 503 within this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Transport failures in a row after which a service replica is taken out of rotation for its cluster's reactivation period.</summary>
    [Range(1, 1000)]
    public int PassiveHealthFailures { get; set; } = 3;

    /// <summary><c>max-age</c> of published content, in seconds.</summary>
    [Range(0, 86_400)]
    public int PublicMaxAgeSeconds { get; set; } = 60;

    /// <summary><c>stale-while-revalidate</c> of published content, in seconds.</summary>
    [Range(0, 86_400)]
    public int StaleWhileRevalidateSeconds { get; set; } = 300;

    /// <summary>
    /// Secret that signs preview links (at least 32 characters), the same on every replica of the gateway. Empty: each
    /// process makes its own at start, so a link works only on the replica that made it and until it restarts.
    /// </summary>
    public string? PreviewKey { get; set; }

    /// <summary>How long a preview link works at most (and by default).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan PreviewLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether the gateway's own Prometheus endpoint (<c>/metrics</c>) is served; off where the gateway faces the internet.</summary>
    public bool ExposeMetrics { get; set; }
}
