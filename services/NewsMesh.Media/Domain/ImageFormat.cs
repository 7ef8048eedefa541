namespace NewsMesh.Media.Domain;

/// <summary>The image formats the service stores and serves.</summary>
public sealed record ImageFormat(string Name, string ContentType, string Extension)
{
    public static readonly ImageFormat Jpeg = new("JPEG", "image/jpeg", "jpg");
    public static readonly ImageFormat Png = new("PNG", "image/png", "png");
    public static readonly ImageFormat Webp = new("WebP", "image/webp", "webp");

    /// <summary>What uploads may be.</summary>
    public static readonly IReadOnlyList<ImageFormat> Accepted = [Jpeg, Png, Webp];

    /// <summary>What renditions are made in.</summary>
    public static readonly IReadOnlyList<ImageFormat> Renditions = [Jpeg, Webp];

    public static ImageFormat? FromContentType(string contentType) =>
        Accepted.FirstOrDefault(f => string.Equals(f.ContentType, contentType, StringComparison.OrdinalIgnoreCase));

    public static ImageFormat? RenditionFromExtension(string extension) =>
        Renditions.FirstOrDefault(f => string.Equals(f.Extension, extension, StringComparison.Ordinal));
}
