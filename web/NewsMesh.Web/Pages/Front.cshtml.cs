using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.Web.Gateway;
using NewsMesh.Web.Http;
using NewsMesh.Web.Rendering;

namespace NewsMesh.Web.Pages;

/// <summary>A language's front: its latest published stories, the first one large with its lead photo.</summary>
public sealed class FrontModel(GatewayReader gateway, PageReads reads, RenderedPages rendered, IOptions<WebOptions> options)
    : SitePageModel(gateway, reads, rendered, options)
{
    public const int Stories = 21;

    public Article? Lead { get; private set; }

    public PageImage? LeadImage { get; private set; }

    public IReadOnlyList<Article> Others { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string lang)
    {
        if (UseLanguage(lang) is { } other)
        {
            return other;
        }
        var list = await ReadAsync<ListArticlesResponse>(GatewayReader.Path("/v1/articles",
            ("languageCode", lang), ("state", "STATE_PUBLISHED"), ("pageSize", Stories.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        // A language the mesh holds nothing in has no front.
        if (list is null || list.Articles.Count == 0)
        {
            return NotFound();
        }
        Lead = list.Articles.FirstOrDefault();
        Others = [.. list.Articles.Skip(1)];
        if (Lead is not null)
        {
            LeadImage = (await ReadAsync<ArticlePage>(GatewayReader.Path($"/v1/pages/articles/{Uri.EscapeDataString(Lead.Slug)}", ("lang", Lead.LanguageCode))))?.LeadImage;
        }
        Title = Language.Text.Latest;
        CanonicalPath = SitePaths.Front(Language.Code);
        SocialImage = ArticleView.Largest(LeadImage) is { } image ? Absolute(image.Uri) : null;
        return Rendered();
    }
}
