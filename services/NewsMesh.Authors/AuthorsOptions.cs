using System.ComponentModel.DataAnnotations;

namespace NewsMesh.Authors;

public sealed class AuthorsOptions
{
    public const string Section = "Authors";

    /// <summary>Secret that signs page tokens; replicas must share it.</summary>
    [Required, MinLength(16)]
    public string PageTokenKey { get; set; } = "";
}
