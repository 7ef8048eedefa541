using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Web.Gateway;
using NewsMesh.Web.Http;
using NewsMesh.Web.Rendering;

namespace NewsMesh.Web.Pages;

/// <summary>Search in the page's language: highlighted snippets, counts by section and language, a page at a time.</summary>
public sealed class SearchModel(GatewayReader gateway, PageReads reads, RenderedPages rendered, IOptions<WebOptions> options)
    : SitePageModel(gateway, reads, rendered, options)
{
    /// <summary>The search service's own limit, said here before asking it.</summary>
    public const int MaxQueryCharacters = 500;

    public const int PageSize = 10;

    public string Query { get; private set; } = "";

    public string? Section { get; private set; }

    /// <summary>Set when the query cannot be asked (no word in it, or a page token the API did not make).</summary>
    public bool Refused { get; private set; }

    /// <summary>Set when the query is longer than the search service takes.</summary>
    public bool TooLong { get; private set; }

    public SearchArticlesResponse? Results { get; private set; }

    public async Task<IActionResult> OnGetAsync(string lang, [FromQuery] string? q, [FromQuery] string? section, [FromQuery] string? page)
    {
        if (UseLanguage(lang) is { } other)
        {
            return other;
        }
        Query = q?.Trim() ?? "";
        Section = string.IsNullOrWhiteSpace(section) ? null : section;
        ViewData["Query"] = Query;
        Title = Query.Length > 0 ? $"{Language.Text.Search}: {Query}" : Language.Text.Search;
        NoIndex = true;
        if (Query.Length == 0)
        {
            return Rendered();
        }
        if (Query.EnumerateRunes().Count() > MaxQueryCharacters)
        {
            TooLong = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Results = await ReadAsync<SearchArticlesResponse>(GatewayReader.Path("/v1/search",
            ("q", Query), ("languageCode", lang), ("sections", Section), ("pageSize", PageSize.ToString(CultureInfo.InvariantCulture)), ("pageToken", page)));
        // The service refuses a query with no word in it (only a '-', say) and a page token it did not make.
        Refused = Results is null;
        return Rendered();
    }

    /// <summary>This search's address with one part changed.</summary>
    public string Link(string? section = null, string? page = null, string? language = null) =>
        GatewayReader.Path(SitePaths.Search(language ?? Language.Code), ("q", Query), ("section", language is null ? section ?? Section : null), ("page", page));
}
