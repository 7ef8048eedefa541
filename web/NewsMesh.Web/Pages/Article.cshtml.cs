using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.Web.Gateway;
using NewsMesh.Web.Http;
using NewsMesh.Web.Rendering;

namespace NewsMesh.Web.Pages;

/// <summary>An article, from the gateway's composed page; an old slug or another section's address is sent on (301) to the article's own.</summary>
public sealed class ArticleModel(GatewayReader gateway, PageReads reads, RenderedPages rendered, IOptions<WebOptions> options)
    : SitePageModel(gateway, reads, rendered, options)
{
    public ArticleView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string lang, string section, string slug)
    {
        if (UseLanguage(lang) is { } other)
        {
            return other;
        }
        var page = await ReadAsync<ArticlePage>(GatewayReader.Path($"/v1/pages/articles/{Uri.EscapeDataString(slug)}", ("lang", lang)));
        if (page?.Article is not { } article)
        {
            return NotFound();
        }
        var path = SitePaths.Article(article.LanguageCode, article.Section, article.Slug);
        if (path != SitePaths.Article(lang, section, slug))
        {
            return RedirectPermanent(path);
        }
        Show(page);
        return Rendered();
    }

    /// <summary>Fills the page from a composed article page: also the preview's.</summary>
    internal void Show(ArticlePage page)
    {
        View = new ArticleView(page, Language);
        var article = page.Article;
        Title = article.Headline;
        Description = article.Summary;
        CanonicalPath = View.Path;
        CurrentSection = article.Section;
        SocialType = "article";
        SocialImage = ArticleView.Largest(page.LeadImage) is { } image ? Absolute(image.Uri) : null;
        Alternates = [(article.LanguageCode, View.Path), .. page.Translations.Select(t => (t.LanguageCode, SitePaths.Article(t.LanguageCode, article.Section, t.Slug)))];
        StructuredData = View.StructuredData(Site.SiteName, Absolute);
    }
}
