using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Web.Gateway;
using NewsMesh.Web.Http;
using NewsMesh.Web.Rendering;

namespace NewsMesh.Web.Pages;

/// <summary>A section's front in one language, newest first, a page at a time (<c>?page=</c> carries the API's page token).</summary>
public sealed class SectionModel(GatewayReader gateway, PageReads reads, RenderedPages rendered, IOptions<WebOptions> options)
    : SitePageModel(gateway, reads, rendered, options)
{
    public const int PageSize = 20;

    public string Section { get; private set; } = "";

    public IReadOnlyList<Article> Stories { get; private set; } = [];

    public string? NextPage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string lang, string section, [FromQuery] string? page)
    {
        if (UseLanguage(lang) is { } other)
        {
            return other;
        }
        var list = await ReadAsync<ListArticlesResponse>(GatewayReader.Path("/v1/articles",
            ("languageCode", lang), ("section", section), ("state", "STATE_PUBLISHED"),
            ("pageSize", PageSize.ToString(CultureInfo.InvariantCulture)), ("pageToken", page)));
        // A section with nothing in it is not a page, nor is a page token the API does not know.
        if (list is null || list.Articles.Count == 0)
        {
            return NotFound();
        }
        Section = section;
        CurrentSection = section;
        Stories = list.Articles;
        NextPage = list.NextPageToken.Length > 0 ? list.NextPageToken : null;
        Title = Language.Text.SectionName(section);
        CanonicalPath = page is null ? SitePaths.Section(lang, section) : GatewayReader.Path(SitePaths.Section(lang, section), ("page", page));
        return Rendered();
    }
}
