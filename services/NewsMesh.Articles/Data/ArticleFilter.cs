namespace NewsMesh.Articles.Data;

/// <summary>ListArticles filters; empty, null and false match everything.</summary>
public sealed record ArticleFilter(string Section, string LanguageCode, int? State, string Label, string TranslationGroup, bool StaleTranslations = false)
{
    /// <summary>A stable text form, bound into page tokens so a token cannot be reused with another filter.</summary>
    public override string ToString() =>
        $"section={Section}&language={LanguageCode}&state={State}&label={Label}"
        // Only when set, so tokens issued before the filter existed stay valid.
        + (TranslationGroup.Length > 0 ? $"&translation_group={TranslationGroup}" : "")
        + (StaleTranslations ? "&stale_translations=true" : "");
}
