using Google.Protobuf;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NewsMesh.Web.Gateway;
using NewsMesh.Web.Http;
using NewsMesh.Web.Rendering;

namespace NewsMesh.Web.Pages;

/// <summary>
/// What every page of the site has: its language, the reads it makes through the gateway, what the layout writes of
/// it in the head (title, description, canonical address, social cards), and the rendered-page cache.
/// </summary>
public abstract class SitePageModel(GatewayReader gateway, PageReads reads, RenderedPages rendered, IOptions<WebOptions> options) : PageModel
{
    public WebOptions Site { get; } = options.Value;

    public PageLanguage Language { get; protected set; } = PageLanguage.Parse("en")!;

    /// <summary>The page's title, without the site's name.</summary>
    public string Title { get; protected set; } = "";

    public string Description { get; protected set; } = "";

    /// <summary>The page's own path on this site; null for pages search engines are not to keep (previews, errors).</summary>
    public string? CanonicalPath { get; protected set; }

    /// <summary>The absolute address of the image social sites show for the page; null: none.</summary>
    public string? SocialImage { get; protected set; }

    /// <summary>Open Graph's type: <c>article</c> for an article, <c>website</c> otherwise.</summary>
    public string SocialType { get; protected set; } = "website";

    /// <summary>The page's language versions for <c>hreflang</c>: language to path.</summary>
    public IReadOnlyList<(string Language, string Path)> Alternates { get; protected set; } = [];

    /// <summary>Whether search engines must not index the page.</summary>
    public bool NoIndex { get; protected set; }

    /// <summary>The page's JSON-LD, already serialized safe for a <c>script</c> element; null: none.</summary>
    public string? StructuredData { get; protected set; }

    /// <summary>The section the page is in, for the navigation; null: none.</summary>
    public string? CurrentSection { get; protected set; }

    public string Absolute(string path) => Site.PublicUrl.TrimEnd('/') + path;

    /// <summary>
    /// Takes the language in the address; null when it is the canonical tag, else what to answer instead: a 301 to the
    /// same address with the canonical tag (<c>/EN/</c> to <c>/en/</c>), or a 404 when it is not a language.
    /// </summary>
    protected IActionResult? UseLanguage(string lang)
    {
        if (PageLanguage.Parse(lang) is not { } language)
        {
            return NotFound();
        }
        if (language.Code != lang)
        {
            var path = Request.Path.Value ?? "/";
            return RedirectPermanent("/" + Uri.EscapeDataString(language.Code) + path[(path.IndexOf('/', 1) is var end and > 0 ? end : path.Length)..] + Request.QueryString);
        }
        Language = language;
        return null;
    }

    /// <summary>Sets the page's language from a tag the API gave (already canonical), or the site's default.</summary>
    protected void SetLanguage(string lang) => Language = PageLanguage.Parse(lang) ?? PageLanguage.Parse(Site.DefaultLanguage)!;

    protected Task<T?> ReadAsync<T>(string pathAndQuery) where T : class, IMessage<T>, new() => gateway.GetAsync<T>(pathAndQuery, reads);

    /// <summary>
    /// The page: the one kept for exactly these versions of its parts when there is one, else rendered (and kept when
    /// every part was public).
    /// </summary>
    protected IActionResult Rendered()
    {
        // A HEAD renders, so that it says what a GET would (length, ETag).
        if (reads.Versioned && reads.Statement.Public && rendered.Enabled && HttpMethods.IsGet(Request.Method))
        {
            var key = HttpContext.Request.Path + HttpContext.Request.QueryString + "\n" + reads.Versions;
            if (rendered.TryGet(key, out var kept))
            {
                return new FileContentResult(kept.Body, kept.ContentType);
            }
            HttpContext.Items[RenderedPages.KeyItem] = key;
        }
        return Page();
    }

    /// <summary>This page is for its reader only: never kept by any cache, never indexed.</summary>
    protected void MakePrivate()
    {
        reads.MakePrivate();
        NoIndex = true;
        CanonicalPath = null;
    }
}
