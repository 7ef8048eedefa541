using System.ComponentModel.DataAnnotations;

namespace NewsMesh.Articles;

public sealed class ArticlesOptions
{
    public const string Section = "Articles";

    /// <summary>Secret that signs page tokens; replicas must share it so a token from one works on another.</summary>
    [Required, MinLength(16)]
    public string PageTokenKey { get; set; } = "";

    /// <summary>
    /// The author service (gRPC), e.g. <c>http://127.0.0.1:5201</c>, which bylines are checked against. Empty: bylines
    /// are checked for shape only and carry no attribution line (a development setting; deployments set it).
    /// </summary>
    public string? AuthorsAddress { get; set; }

    /// <summary>The longest a write waits for the author service (less if the caller's deadline is sooner).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan AuthorsTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The media service (gRPC), e.g. <c>http://127.0.0.1:5301</c>, which lead media and media blocks are checked
    /// against. Empty: media names are checked for shape only (a development setting; deployments set it).
    /// </summary>
    public string? MediaAddress { get; set; }

    /// <summary>The longest a write waits for the media service (less if the caller's deadline is sooner).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan MediaTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The site's public address (the gateway's web listener), for the absolute links of syndicated documents (ninjs).</summary>
    [Required]
    public Uri PublicAddress { get; set; } = new("http://localhost:8080/");

    /// <summary>Who holds the copyright of the articles, as syndicated documents state it.</summary>
    [Required, MinLength(1), MaxLength(200)]
    public string Publisher { get; set; } = "NewsMesh";

    /// <summary>How often the scheduler looks for articles whose publication time has come.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);
}
