using System.ComponentModel.DataAnnotations;

namespace NewsMesh.Media;

public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>Secret that signs page tokens; replicas must share it.</summary>
    [Required, MinLength(16)]
    public string PageTokenKey { get; set; } = "";

    /// <summary>
    /// How many images may be decoded at once, by uploads and renditions together. Each decode holds up to
    /// 160 MB (40 megapixels of RGBA), so this bounds the memory images take; more requests wait their turn.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentDecodes { get; set; } = 2;
}
