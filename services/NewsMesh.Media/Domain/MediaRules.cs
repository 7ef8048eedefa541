using System.Text.RegularExpressions;
using NewsMesh.Aip.Fields;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Domain;

/// <summary>What may change on media once it is uploaded.</summary>
public static partial class MediaRules
{
    /// <summary>The bytes are fixed at upload: a different photo is different media.</summary>
    public static readonly UpdateMasks Mask = new(
        MediaResource.Descriptor,
        mutable: new HashSet<string>(StringComparer.Ordinal)
        {
            "caption", "credit", "alt_text", "source_agency", "file_photo_time", "rights", "focal_point", "crops",
        },
        outputOnly: new HashSet<string>(StringComparer.Ordinal)
        {
            "name", "kind", "original", "renditions", "create_time", "update_time", "revision", "etag",
        });

    /// <summary>Only the fields people write, from what an upload sent; the service fills in the rest.</summary>
    public static MediaResource Editable(MediaResource sent) => UpdateMasks.Apply(new MediaResource(), sent, Mask.Mutable);

    /// <summary>A client-chosen id (AIP-133): lower-case letters, digits and hyphens, starting with a letter or digit.</summary>
    public static bool IsMediaId(string id) => MediaIdPattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex MediaIdPattern();
}
