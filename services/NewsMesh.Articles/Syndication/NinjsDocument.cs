using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Articles.Syndication;

/// <summary>
/// An article as IPTC ninjs 3.0 (https://iptc.org/standards/ninjs/), the JSON news format syndication partners
/// read. Its root admits no property the standard does not define, so what ninjs has no field for rides where it
/// allows: corrections as descriptions with their type as role, the slug and story as alternative ids.
/// </summary>
public static partial class NinjsDocument
{
    public const string ContentType = "application/json";

    /// <param name="authors">The bylines' authors by resource name; a byline whose author is missing is left out.</param>
    /// <param name="media">The images the article shows by resource name; one that is missing (deleted, or its licence ended) is left out.</param>
    /// <param name="site">Where renditions are served (the gateway's web address), for absolute links.</param>
    /// <param name="publisher">Who holds the copyright of the text.</param>
    public static JsonObject Of(
        Article article, IReadOnlyDictionary<string, Author> authors, IReadOnlyDictionary<string, MediaResource> media, Uri site, string publisher, DateTimeOffset now)
    {
        var document = new JsonObject
        {
            ["uri"] = Urn(article.Name),
            ["type"] = "text",
            ["version"] = article.Revision.ToString(CultureInfo.InvariantCulture),
            ["firstCreated"] = Time(article.CreateTime),
            ["versionCreated"] = Time(article.UpdateTime),
            ["pubStatus"] = PubStatus(article),
        };
        if (article.EmbargoTime is { } embargo && embargo.ToDateTimeOffset() > now)
        {
            document["embargoedUntil"] = Time(embargo);
        }
        document["language"] = article.LanguageCode;
        var headlines = new JsonArray { Text("main", null, article.Headline) };
        if (article.Label.Length > 0)
        {
            headlines.Add(Text("label", null, article.Label));
        }
        document["headlines"] = headlines;
        var descriptions = new JsonArray();
        if (article.Summary.Length > 0)
        {
            descriptions.Add(Text("summary", "text/plain", article.Summary));
        }
        foreach (var correction in article.Corrections)
        {
            descriptions.Add(Text(CorrectionRole(correction.Type), "text/plain", correction.Text));
        }
        if (descriptions.Count > 0)
        {
            document["descriptions"] = descriptions;
        }
        var html = BodyHtml(article, media, site);
        // ninjs counts the body's own words, figure captions left out.
        var text = Tags().Replace(Figures().Replace(html, " "), " ");
        document["bodies"] = new JsonArray
        {
            new JsonObject
            {
                ["role"] = "main",
                ["contentType"] = "text/html",
                ["value"] = html,
                ["charCount"] = WebUtility.HtmlDecode(Spaces().Replace(text, " ").Trim()).Length,
                ["wordCount"] = Spaces().Split(text.Trim()).Count(w => w.Length > 0),
            },
        };
        AddBylines(document, article, authors);
        if (article.Dateline.Length > 0)
        {
            document["located"] = article.Dateline;
        }
        var subjects = new JsonArray { new JsonObject { ["name"] = article.Section, ["rel"] = "section", ["literal"] = article.Section } };
        foreach (var subject in article.Subjects)
        {
            subjects.Add(new JsonObject { ["name"] = subject, ["rel"] = "about" });
        }
        document["subjects"] = subjects;
        document["copyrightHolder"] = publisher;
        var associations = new JsonArray();
        var images = Images(article).Where(i => media.ContainsKey(i.Media)).DistinctBy(i => i.Media).ToList();
        for (var i = 0; i < images.Count; i++)
        {
            associations.Add(Picture(images[i].Media == article.LeadMedia?.Media ? "lead-image" : $"image-{i}", images[i].Rel, media[images[i].Media], site));
        }
        if (associations.Count > 0)
        {
            document["associations"] = associations;
        }
        var altIds = new JsonArray { new JsonObject { ["role"] = "slug", ["value"] = article.Slug } };
        if (article.TranslationGroup.Length > 0)
        {
            altIds.Add(new JsonObject { ["role"] = "translation-group", ["value"] = article.TranslationGroup });
        }
        document["altIds"] = altIds;
        return document;
    }

    /// <summary>The body as HTML: paragraphs keep their safe markup, everything else is text made safe.</summary>
    public static string BodyHtml(Article article, IReadOnlyDictionary<string, MediaResource> media, Uri site)
    {
        var html = new StringBuilder();
        foreach (var block in article.Body)
        {
            switch (block.KindCase)
            {
                case Block.KindOneofCase.Paragraph:
                    html.Append("<p>").Append(block.Paragraph.Text).Append("</p>");
                    break;
                case Block.KindOneofCase.Heading:
                    var level = Math.Clamp(block.Heading.Level == 0 ? 2 : block.Heading.Level, 2, 4);
                    html.Append(CultureInfo.InvariantCulture, $"<h{level}>{WebUtility.HtmlEncode(block.Heading.Text)}</h{level}>");
                    break;
                case Block.KindOneofCase.Quote:
                    html.Append("<blockquote><p>").Append(WebUtility.HtmlEncode(block.Quote.Text)).Append("</p>");
                    if (block.Quote.Attribution.Length > 0)
                    {
                        html.Append("<footer>").Append(WebUtility.HtmlEncode(block.Quote.Attribution)).Append("</footer>");
                    }
                    html.Append("</blockquote>");
                    break;
                case Block.KindOneofCase.Media when media.TryGetValue(block.Media.Media, out var image):
                    var rendition = image.Renditions.FirstOrDefault(r => r is { AspectRatio: "16x9", Size: "MD", ContentType: "image/jpeg" });
                    html.Append("<figure>");
                    if (rendition is not null)
                    {
                        html.Append(CultureInfo.InvariantCulture,
                            $"<img src=\"{WebUtility.HtmlEncode(Absolute(site, rendition.Uri))}\" alt=\"{WebUtility.HtmlEncode(image.AltText)}\" width=\"{rendition.Width}\" height=\"{rendition.Height}\">");
                    }
                    var caption = block.Media.Caption.Length > 0 ? block.Media.Caption : image.Caption;
                    if (caption.Length > 0)
                    {
                        html.Append("<figcaption>").Append(WebUtility.HtmlEncode(caption)).Append("</figcaption>");
                    }
                    html.Append("</figure>");
                    break;
                case Block.KindOneofCase.Embed:
                    var label = block.Embed.FallbackText.Length > 0 ? block.Embed.FallbackText : block.Embed.Url;
                    html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{WebUtility.HtmlEncode(block.Embed.Url)}\">{WebUtility.HtmlEncode(label)}</a></p>");
                    break;
            }
        }
        return html.ToString();
    }

    /// <summary>The images an article shows, lead first, with how each relates to it.</summary>
    public static IEnumerable<(string Media, string Rel)> Images(Article article)
    {
        if (article.LeadMedia is { Media.Length: > 0 } lead)
        {
            yield return (lead.Media, "lead");
        }
        foreach (var block in article.Body.Where(b => b.KindCase == Block.KindOneofCase.Media && b.Media.Media.Length > 0))
        {
            yield return (block.Media.Media, "inline");
        }
    }

    /// <summary>ninjs's three states: usable now, withheld (not yet, or taken down for now), canceled (retracted for good).</summary>
    public static string PubStatus(Article article) => article.State switch
    {
        Article.Types.State.Published => "usable",
        Article.Types.State.Retracted => "canceled",
        _ => "withheld",
    };

    private static void AddBylines(JsonObject document, Article article, IReadOnlyDictionary<string, Author> authors)
    {
        JsonArray people = [], organisations = [], sources = [];
        var names = new List<string>();
        foreach (var byline in article.Bylines)
        {
            if (!authors.TryGetValue(byline.Author, out var author))
            {
                continue;
            }
            var uri = Urn(author.Name);
            if (byline.Role == Byline.Types.Role.InformationSource)
            {
                sources.Add(new JsonObject { ["name"] = author.DisplayName, ["role"] = "source", ["uri"] = uri });
                continue;
            }
            var rel = byline.Role switch
            {
                Byline.Types.Role.Photographer => "photographer",
                Byline.Types.Role.Contributor => "contributor",
                _ => "author",
            };
            (author.Kind == Author.Types.Kind.Person ? people : organisations).Add(new JsonObject { ["name"] = author.DisplayName, ["rel"] = rel, ["uri"] = uri });
            if (rel == "author")
            {
                names.Add(author.DisplayName);
            }
        }
        if (names.Count > 0)
        {
            document["by"] = string.Join(", ", names);
        }
        if (people.Count > 0)
        {
            document["people"] = people;
        }
        if (organisations.Count > 0)
        {
            document["organisations"] = organisations;
        }
        if (sources.Count > 0)
        {
            document["infoSources"] = sources;
        }
    }

    private static JsonObject Picture(string name, string rel, MediaResource image, Uri site)
    {
        var picture = new JsonObject
        {
            ["name"] = name,
            ["rel"] = rel,
            ["uri"] = Urn(image.Name),
            ["type"] = "picture",
            ["version"] = image.Revision.ToString(CultureInfo.InvariantCulture),
            ["versionCreated"] = Time(image.UpdateTime),
        };
        if (image.Caption.Length > 0)
        {
            picture["headlines"] = new JsonArray { Text("caption", "text/plain", image.Caption) };
        }
        if (image.AltText.Length > 0)
        {
            picture["descriptions"] = new JsonArray { Text("alt-text", "text/plain", image.AltText) };
        }
        if (image.Credit.Length > 0)
        {
            picture["copyrightHolder"] = image.Credit;
        }
        if (image.Rights is { UsageTerms.Length: > 0 } rights)
        {
            picture["usageTerms"] = rights.UsageTerms;
        }
        if (image.SourceAgency.Length > 0)
        {
            picture["infoSources"] = new JsonArray { new JsonObject { ["name"] = image.SourceAgency, ["role"] = "source" } };
        }
        picture["renditions"] = new JsonArray([.. image.Renditions.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = $"{r.AspectRatio}-{r.Size.ToLowerInvariant()}-{r.ContentType["image/".Length..]}",
            ["href"] = Absolute(site, r.Uri),
            ["contentType"] = r.ContentType,
            ["width"] = r.Width,
            ["height"] = r.Height,
            ["aspectRatio"] = r.AspectRatio.Replace('x', ':'),
            ["poi"] = new JsonObject { ["x"] = r.FocalPoint?.X ?? r.Width / 2, ["y"] = r.FocalPoint?.Y ?? r.Height / 2 },
        })]);
        return picture;
    }

    private static JsonObject Text(string role, string? contentType, string value)
    {
        var text = new JsonObject { ["role"] = role };
        if (contentType is not null)
        {
            text["contentType"] = contentType;
        }
        text["value"] = value;
        return text;
    }

    private static string CorrectionRole(Correction.Types.Type type) => type switch
    {
        Correction.Types.Type.Clarification => "clarification",
        Correction.Types.Type.Retraction => "retraction",
        Correction.Types.Type.EditorsNote => "editors-note",
        _ => "correction",
    };

    /// <summary>A resource's name as a URN (<c>urn:newsmesh:articles:0190...</c>): the identity ninjs asks for, wherever it is served.</summary>
    private static string Urn(string name) => "urn:newsmesh:" + name.Replace('/', ':');

    private static string Absolute(Uri site, string path) => new Uri(site, path).ToString();

    private static string? Time(Timestamp? time) =>
        time?.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("<figure>.*?</figure>", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Figures();

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
