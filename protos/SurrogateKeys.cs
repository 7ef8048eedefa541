namespace NewsMesh.Contracts;

/// <summary>
/// The cache keys of the mesh: a change in the feed names the keys it touches, and every public answer names the
/// keys it was made from (<c>Surrogate-Key</c>), so that a cache holding the answer lets it go when one of them changes.
/// Ids, sections and language tags hold no spaces or commas, which both header forms separate keys by.
/// </summary>
public static class SurrogateKeys
{
    /// <summary>Every list of articles that no narrower key covers.</summary>
    public const string Articles = "articles";

    /// <summary>Every list of authors.</summary>
    public const string Authors = "authors";

    /// <summary>Every list of media.</summary>
    public const string MediaLists = "media";

    public static string Article(string id) => "article:" + id;

    /// <summary>All language versions of one story: a page lists the others.</summary>
    public static string Story(string translationGroup) => "story:" + translationGroup;

    public static string Section(string section, string languageCode) => $"section:{section}/{languageCode}";

    /// <summary>The front page of a language: its latest stories.</summary>
    public static string Front(string languageCode) => "front:" + languageCode;

    public static string Author(string id) => "author:" + id;

    public static string Media(string id) => "media:" + id;

    /// <summary>What <paramref name="article"/> (with id <paramref name="id"/>) is part of.</summary>
    public static IEnumerable<string> Of(string id, Contracts.Article.V1.Article article)
    {
        yield return Article(id);
        if (article.TranslationGroup.Length > 0)
        {
            yield return Story(article.TranslationGroup);
        }
        if (article.Section.Length > 0)
        {
            yield return Section(article.Section, article.LanguageCode);
        }
        yield return Front(article.LanguageCode);
        yield return Articles;
    }
}

/// <summary>Response headers of the change feeds' watch streams.</summary>
public static class FeedHeaders
{
    /// <summary>The cursor a watch starts after: a watch from now can be resumed from it before its first change.</summary>
    public const string Start = "newsmesh-feed-start";
}
