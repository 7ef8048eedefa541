namespace NewsMesh.Articles.Data;

/// <summary>A slug an article has or had in its language. The key makes a slug unique per language, old ones included, so redirects stay right.</summary>
public sealed class ArticleSlugRecord
{
    public required string LanguageCode { get; set; }
    public required string Slug { get; set; }
    public required string ArticleId { get; set; }
}
