using Google.Protobuf.Collections;
using NewsMesh.Contracts;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Text;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Gateway.V1;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Gateway.Pages;

/// <summary>How the parts of a page are made from what the services return; no calls, no state.</summary>
public static class PageParts
{
    public const string FilePrefix = "FILE - ";

    /// <summary>The JPEG rendition a page falls back to is the one nearest this width.</summary>
    private const int FallbackWidth = 1280;

    /// <summary>An image as the page shows it, from its media, in <paramref name="aspect"/>.</summary>
    public static PageImage Image(string name, int blockIndex, MediaResource? media, string aspect, string captionOverride)
    {
        var image = new PageImage { Media = name, BlockIndex = blockIndex, AspectRatio = aspect };
        if (media is null)
        {
            image.Caption = captionOverride;
            return image;
        }
        image.Resolved = true;
        var caption = captionOverride.Length > 0 ? captionOverride : media.Caption;
        image.Caption = media.FilePhotoTime is not null && caption.Length > 0 && !caption.StartsWith(FilePrefix, StringComparison.Ordinal)
            ? FilePrefix + caption
            : caption;
        image.Credit = media.Credit;
        image.AltText = media.AltText;
        image.Renditions.AddRange(media.Renditions.Where(r => r.AspectRatio == aspect).OrderBy(r => r.Width).ThenBy(r => r.ContentType, StringComparer.Ordinal));
        image.SrcsetWebp = Srcset(image, "image/webp");
        image.SrcsetJpeg = Srcset(image, "image/jpeg");
        image.Src = image.Renditions.Where(r => r.ContentType == "image/jpeg")
            .OrderBy(r => Math.Abs(r.Width - FallbackWidth)).Select(r => r.Uri).FirstOrDefault() ?? "";
        return image;
    }

    /// <summary>The text for <paramref name="language"/>: that language, else its primary language, else the author's default.</summary>
    public static string Localized(MapField<string, string> texts, string language, string fallback)
    {
        var primary = language.Split('-')[0];
        foreach (var candidate in new[] { language, primary, fallback })
        {
            var found = texts.FirstOrDefault(t => string.Equals(t.Key, candidate, StringComparison.OrdinalIgnoreCase));
            if (found.Value is { Length: > 0 } text)
            {
                return text;
            }
        }
        return "";
    }

    public static PageByline Byline(Contracts.Article.V1.Byline byline, Author? author, string language) => new()
    {
        Role = byline.Role,
        Name = byline.Author,
        Author = author,
        Title = author is null ? "" : Localized(author.Title, language, author.DefaultLanguageCode),
        ShortBio = author is null ? "" : Localized(author.ShortBio, language, author.DefaultLanguageCode),
    };

    public static string PagePath(string slug, string language) => $"/v1/pages/articles/{slug}?lang={Uri.EscapeDataString(language)}";

    public static bool IsAspect(string aspect) => AspectRatios.IsKnown(aspect);

    private static string Srcset(PageImage image, string contentType) => string.Join(", ", image.Renditions
        .Where(r => r.ContentType == contentType)
        .DistinctBy(r => r.Width)
        .Select(r => $"{r.Uri} {r.Width}w"));
}
