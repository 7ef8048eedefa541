using System.ComponentModel.DataAnnotations;

namespace NewsMesh.Media;

public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>Secret that signs page tokens; replicas must share it.</summary>
    [Required, MinLength(16)]
    public string PageTokenKey { get; set; } = "";

    /// <summary>
    /// How many images may be decoded at once, by uploads and renditions together. A decode holds the decoded
    /// pixels (at most 160 MB: 40 megapixels of RGBA, usually far less since decodes are scaled to need) and, for a
    /// rendition, mipmaps (a third more) and its output, so this bounds the memory images take; the rest wait.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentDecodes { get; set; } = 2;
}
