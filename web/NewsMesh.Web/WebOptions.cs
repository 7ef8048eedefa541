using System.ComponentModel.DataAnnotations;

namespace NewsMesh.Web;

/// <summary>The web front's settings (<c>Web</c> section).</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>
    /// The gateway's listener for internal callers (h2c, such as <c>http://127.0.0.1:8081</c>): every page is made
    /// from its JSON routes, and images are passed through from its <c>/media/</c> paths. Required.
    /// </summary>
    [Required]
    public string GatewayAddress { get; set; } = "";

    /// <summary>Where readers reach this site: canonical links, sitemaps, feeds and social cards name it.</summary>
    [Required]
    public string PublicUrl { get; set; } = "http://localhost:8090";

    /// <summary>The publication's name, in the masthead and as the publisher of every article.</summary>
    [Required, StringLength(100, MinimumLength = 1)]
    public string SiteName { get; set; } = "NewsMesh";

    /// <summary>The language the site's root (<c>/</c>) sends readers to.</summary>
    [Required]
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>The sections in the navigation, in its order (the section ids articles carry).</summary>
    public string[] Sections { get; set; } = [];

    /// <summary>How long a page waits for the gateway in all before it answers 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan GatewayTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most rendered pages kept to answer again while the gateway says their content has not changed (each is
    /// checked with the gateway on every request); zero renders every request.
    /// </summary>
    [Range(0, 1_000_000)]
    public int RenderedPages { get; set; } = 2000;

    /// <summary>Whether the web front's Prometheus endpoint (<c>/metrics</c>) is served; off where it faces readers.</summary>
    public bool ExposeMetrics { get; set; }
}
