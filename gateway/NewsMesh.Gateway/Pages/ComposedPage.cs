using NewsMesh.Contracts;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Gateway.V1;

namespace NewsMesh.Gateway.Pages;

/// <summary>
/// A page, and whether shared caches may keep it: what the article service said of the article it is made from
/// (<see cref="ServiceDefaults.Http.SharedCache"/>), and for how long at most (<paramref name="MaxAge"/>, null: no
/// limit of the page's own), when something it shows changes at a known time (a language version due to be
/// published). A page that lacks parts is worth keeping only briefly.
/// </summary>
public sealed record ComposedPage(ArticlePage Page, bool Public, TimeSpan? MaxAge = null)
{
    /// <summary>How long at most a shared cache keeps a page with parts missing: until their services are back, about.</summary>
    public static readonly TimeSpan IncompleteMaxAge = TimeSpan.FromSeconds(5);

    /// <summary>How long a shared cache may keep this page, when less than the gateway's own limit; null: that limit.</summary>
    public TimeSpan? SharedMaxAge => Page.MissingParts.Count > 0 && (MaxAge is null || MaxAge > IncompleteMaxAge) ? IncompleteMaxAge : MaxAge;

    /// <summary>
    /// What the page is made of, as the change feeds name it: the article and its story's other language versions, its
    /// authors, its images. A change to any of them evicts the page.
    /// </summary>
    public IReadOnlyList<string> SurrogateKeys { get; } = KeysOf(Page);

    private static List<string> KeysOf(ArticlePage page)
    {
        var article = page.Article;
        var keys = new List<string>();
        if (Resources.Article.TryParse(article.Name, out var id))
        {
            keys.Add(Contracts.SurrogateKeys.Article(id));
        }
        if (article.TranslationGroup.Length > 0)
        {
            keys.Add(Contracts.SurrogateKeys.Story(article.TranslationGroup));
        }
        foreach (var byline in article.Bylines)
        {
            if (Resources.Author.TryParse(byline.Author, out var author))
            {
                keys.Add(Contracts.SurrogateKeys.Author(author));
            }
        }
        var media = article.Body.Where(b => b.KindCase == Block.KindOneofCase.Media).Select(b => b.Media.Media).Prepend(article.LeadMedia?.Media ?? "");
        foreach (var name in media)
        {
            if (Resources.Media.TryParse(name, out var mediaId))
            {
                keys.Add(Contracts.SurrogateKeys.Media(mediaId));
            }
        }
        return keys.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The earlier of two limits, either of which may be none.</summary>
    public static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
