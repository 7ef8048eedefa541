using NewsMesh.Aip.Fields;
using NewsMesh.Contracts.Article.V1;

namespace NewsMesh.Articles.Domain;

/// <summary>Which article fields an update may change (AIP-134); the rest are set by the lifecycle or the service.</summary>
public static class ArticleUpdateMask
{
    public static readonly UpdateMasks Fields = new(
        Article.Descriptor,
        mutable: new HashSet<string>(StringComparer.Ordinal)
        {
            "slug", "language_code", "translation_group", "section", "label", "headline", "summary", "dateline",
            "body", "lead_media", "bylines", "subjects", "display_time", "embargo_time",
        },
        outputOnly: new HashSet<string>(StringComparer.Ordinal)
        {
            "name", "previous_slugs", "state", "publish_time", "first_publish_time", "create_time", "update_time",
            "delete_time", "corrections", "revision", "etag", "attribution", "creator", "update_actor",
        });
}
