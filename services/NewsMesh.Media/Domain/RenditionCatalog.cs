using System.Globalization;
using NewsMesh.Contracts;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Text;

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
    /// <summary>Each of the contracts' aspect ratios, <c>WxH</c>, with its proportions.</summary>
    public static readonly IReadOnlyList<Aspect> Aspects = AspectRatios.All.Select(name =>
    {
        var sides = name.Split('x');
        return new Aspect(name, int.Parse(sides[0], CultureInfo.InvariantCulture), int.Parse(sides[1], CultureInfo.InvariantCulture));
    }).ToList();

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
