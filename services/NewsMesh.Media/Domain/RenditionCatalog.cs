namespace NewsMesh.Media.Domain;

/// <summary>An aspect ratio renditions are cut to, such as 16x9.</summary>
public sealed record Aspect(string Name, int Width, int Height);

/// <summary>A rendition width; <see cref="Path"/> is how it is spelled in URLs.</summary>
public sealed record RenditionSize(string Name, int Width)
{
    public string Path => Name.ToLowerInvariant();
}

/// <summary>Every aspect, size and format a rendition can be made in.</summary>
public static class RenditionCatalog
{
    public static readonly IReadOnlyList<Aspect> Aspects =
    [
        new("16x9", 16, 9),
        new("1x1", 1, 1),
        new("4x3", 4, 3),
        new("3x2", 3, 2),
    ];

    public static readonly IReadOnlyList<RenditionSize> Sizes =
    [
        new("XS", 320),
        new("SM", 640),
        new("MD", 1280),
        new("LG", 1920),
    ];

    public static Aspect? FindAspect(string name) => Aspects.FirstOrDefault(a => a.Name == name);

    /// <summary>The size a URL names in lower case (<c>md</c>).</summary>
    public static RenditionSize? FindSizeByPath(string path) => Sizes.FirstOrDefault(s => s.Path == path);

    public static string AspectNames => string.Join(", ", Aspects.Select(a => a.Name));

    public static string SizePaths => string.Join(", ", Sizes.Select(s => s.Path));
}
