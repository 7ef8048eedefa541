using Google.Protobuf.Reflection;
using NewsMesh.Contracts.Media.V1;

namespace NewsMesh.Contracts;

/// <summary>
/// The aspect ratios images are cut to, as text (<c>16x9</c>): the values of <c>newsmesh.media.v1.AspectRatio</c>,
/// named as fields that hold one write them. The first is the default.
/// </summary>
public static class AspectRatios
{
    private const string Prefix = "ASPECT_RATIO_";

    public static readonly IReadOnlyList<string> All = MediaReflection.Descriptor.FindTypeByName<EnumDescriptor>("AspectRatio").Values
        .Where(v => v.Number != 0)
        .Select(v => v.Name[Prefix.Length..].ToLowerInvariant())
        .ToList();

    public static string Default => All[0];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
