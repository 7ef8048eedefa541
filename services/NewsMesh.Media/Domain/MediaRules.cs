using System.Text.RegularExpressions;
using NewsMesh.Aip.Fields;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Domain;

/// <summary>What may change on media once it is uploaded.</summary>
public static partial class MediaRules
{
    /// <summary>Only the fields people write, from what an upload sent; the service fills in the rest.</summary>
    public static MediaResource Editable(MediaResource sent) => UpdateMasks.Apply(new MediaResource(), sent, FieldBehaviors.Of(MediaResource.Descriptor).Mutable);

    /// <summary>A client-chosen id (AIP-133): lower-case letters, digits and hyphens, starting with a letter or digit.</summary>
    public static bool IsMediaId(string id) => MediaIdPattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex MediaIdPattern();
}
