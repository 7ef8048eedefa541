using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.Web.Rendering;

namespace NewsMesh.Web.Pages;

/// <summary>What the article page shows of a composed page, worked out once for the template, the head and JSON-LD.</summary>
public sealed class ArticleView(ArticlePage page, PageLanguage language)
{
    /// <summary>What the lead image's <c>sizes</c> says: the column is at most 760 px wide.</summary>
    public const string ImageSizes = "(min-width: 50rem) 760px, 100vw";

    public ArticlePage Page => page;

    public PageLanguage Language => language;

    public Article Article => page.Article;

    public string Path => SitePaths.Article(Article.LanguageCode, Article.Section, Article.Slug);

    public bool Retracted => Article.State == Article.Types.State.Retracted;

    /// <summary>When readers are told it was published: the display time when set, else the first publication.</summary>
    public Timestamp? Published => Article.DisplayTime ?? Article.FirstPublishTime ?? Article.PublishTime;

    /// <summary>When it last changed, if that is worth telling (later than its publication).</summary>
    public Timestamp? Updated =>
        Article.UpdateTime is { } updated && Published is { } published && updated.ToDateTimeOffset() > published.ToDateTimeOffset().AddMinutes(1) ? updated : null;

    /// <summary>The bylines shown above the text: everyone but the agencies named in the attribution line.</summary>
    public IEnumerable<PageByline> Bylines => page.Bylines.Where(b => b.Role != Byline.Types.Role.InformationSource);

    public Correction? Retraction => Article.Corrections.LastOrDefault(c => c.Type == Correction.Types.Type.Retraction);

    public IEnumerable<Correction> Corrections => Article.Corrections.Where(c => c.Type != Correction.Types.Type.Retraction);

    /// <summary>
    /// The language an author's title and bio on the page are in, when it is not the page's: the gateway gives the
    /// author's default language's when the page's has none.
    /// </summary>
    public string? TextLanguageOf(NewsMesh.Contracts.Author.V1.Author? author) =>
        author is null || author.ShortBio.ContainsKey(Article.LanguageCode) || author.Title.ContainsKey(Article.LanguageCode) || author.DefaultLanguageCode.Length == 0
            ? null
            : author.DefaultLanguageCode;

    public PageImage? ImageAt(int block) => page.BodyImages.FirstOrDefault(i => i.BlockIndex == block);

    /// <summary>The largest JPEG rendition of an image: what social cards and JSON-LD point at, and its shape for width and height.</summary>
    public static NewsMesh.Contracts.Media.V1.Rendition? Largest(PageImage? image) =>
        image?.Renditions.Where(r => r.ContentType == "image/jpeg").MaxBy(r => r.Width);

    public string CorrectionName(Correction correction) => correction.Type switch
    {
        Correction.Types.Type.Clarification => language.Text.Clarification,
        Correction.Types.Type.EditorsNote => language.Text.EditorsNote,
        Correction.Types.Type.Retraction => language.Text.Retraction,
        _ => language.Text.Correction,
    };

    /// <summary>The schema.org <c>NewsArticle</c> of the page, serialized so that it cannot end its <c>script</c> element.</summary>
    public string StructuredData(string siteName, Func<string, string> absolute)
    {
        var authors = new JsonArray();
        foreach (var byline in Bylines.Where(b => b.Author is not null))
        {
            var person = byline.Author.Kind == NewsMesh.Contracts.Author.V1.Author.Types.Kind.Person;
            var author = new JsonObject
            {
                ["@type"] = person ? "Person" : "Organization",
                ["name"] = byline.Author.DisplayName,
            };
            if (person)
            {
                author["url"] = absolute(SitePaths.Author(Article.LanguageCode, byline.Author.Slug));
            }
            authors.Add(author);
        }
        var data = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["headline"] = Article.Headline,
            ["description"] = Article.Summary,
            ["inLanguage"] = Article.LanguageCode,
            ["mainEntityOfPage"] = absolute(Path),
            ["image"] = new JsonArray([.. page.LeadImage is null ? [] : page.LeadImage.Renditions.Where(r => r.ContentType == "image/jpeg").Select(r => (JsonNode)absolute(r.Uri))]),
            ["author"] = authors,
            ["publisher"] = new JsonObject { ["@type"] = "Organization", ["name"] = siteName },
        };
        if (Published is { } published)
        {
            data["datePublished"] = PageLanguage.MachineTime(published);
        }
        if ((Article.UpdateTime ?? Published) is { } modified)
        {
            data["dateModified"] = PageLanguage.MachineTime(modified);
        }
        // The default encoder writes <, > and & as \u escapes: the text can never close the element it is in.
        return data.ToJsonString(new JsonSerializerOptions());
    }
}
