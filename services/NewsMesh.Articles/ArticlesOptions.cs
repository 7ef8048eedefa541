using System.ComponentModel.DataAnnotations;

namespace NewsMesh.Articles;

public sealed class ArticlesOptions
{
    public const string Section = "Articles";

    /// <summary>Secret that signs page tokens; replicas must share it so a token from one works on another.</summary>
    [Required, MinLength(16)]
    public string PageTokenKey { get; set; } = "";

    /// <summary>How often the scheduler looks for articles whose publication time has come.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);
}
