using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.Web.Gateway;
using NewsMesh.Web.Http;

namespace NewsMesh.Web.Pages;

/// <summary>
/// The page of an article in any state, for whoever holds a preview link the API issued (<c>CreateArticlePreview</c>):
/// never kept by any cache, never indexed, and a 404 once the link has expired.
/// </summary>
public sealed class PreviewModel(GatewayReader gateway, PageReads reads, RenderedPages rendered, IOptions<WebOptions> options)
    : SitePageModel(gateway, reads, rendered, options)
{
    public ArticleView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string token)
    {
        MakePrivate();
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        // The address holds the link's credential: it must not travel in the Referer of the page's own requests either.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var page = await ReadAsync<ArticlePage>($"/v1/pages/previews/{Uri.EscapeDataString(token)}");
        if (page?.Article is not { } article)
        {
            return NotFound();
        }
        SetLanguage(article.LanguageCode);
        View = new ArticleView(page, Language);
        Title = article.Headline;
        CurrentSection = article.Section;
        return Page();
    }
}
