using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Web.Gateway;
using NewsMesh.Web.Http;
using NewsMesh.Web.Rendering;
using AuthorResource = NewsMesh.Contracts.Author.V1.Author;

namespace NewsMesh.Web.Pages;

/// <summary>An author: name, title and bio in the page's language (else the author's own), and their latest articles in it.</summary>
public sealed class AuthorModel(GatewayReader gateway, PageReads reads, RenderedPages rendered, IOptions<WebOptions> options)
    : SitePageModel(gateway, reads, rendered, options)
{
    public const int Latest = 10;

    public AuthorResource Author { get; private set; } = null!;

    public IReadOnlyList<SearchHit> Articles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string lang, string slug)
    {
        if (UseLanguage(lang) is { } other)
        {
            return other;
        }
        var author = await ReadAsync<AuthorResource>(GatewayReader.Path("/v1/authors:lookup", ("slug", slug)));
        if (author is null)
        {
            return NotFound();
        }
        var latest = await ReadAsync<SearchArticlesResponse>(GatewayReader.Path("/v1/search",
            ("author", author.Name), ("languageCode", lang), ("order", "ORDER_NEWEST"), ("pageSize", Latest.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Author = author;
        Articles = latest?.Hits ?? [];
        Title = author.DisplayName;
        Description = Bio(author.ShortBio).Text;
        CanonicalPath = SitePaths.Author(lang, author.Slug);
        return Rendered();
    }

    /// <summary>A per-language text of the author in the page's language, else in the author's default one, with the language it is in.</summary>
    public (string Text, string? Lang) Bio(IDictionary<string, string> texts) =>
        texts.TryGetValue(Language.Code, out var own) ? (own, null)
        : texts.TryGetValue(Author?.DefaultLanguageCode ?? "", out var fallback) ? (fallback, Author!.DefaultLanguageCode)
        : texts.Count > 0 ? (texts.First().Value, texts.First().Key)
        : ("", null);
}
