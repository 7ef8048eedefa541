namespace NewsMesh.Aip.Text;

/// <summary>The aspect ratios images are cut to, named as the contracts name them; every service agrees on them.</summary>
public static class AspectRatios
{
    public const string Default = "16x9";

    public static readonly IReadOnlyList<string> All = ["16x9", "1x1", "4x3", "3x2"];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
