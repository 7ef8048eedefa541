using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NewsMesh.Web.Gateway;
using NewsMesh.Web.Http;
using NewsMesh.Web.Rendering;

namespace NewsMesh.Web.Pages;

/// <summary>
/// The page of an error status (404, 503, ...), shown in place of the page that had none to show, in the language of
/// the address asked for. It reads nothing from the gateway: it must be shown when the gateway cannot answer.
/// </summary>
public sealed class StatusModel(GatewayReader gateway, PageReads reads, RenderedPages rendered, IOptions<WebOptions> options)
    : SitePageModel(gateway, reads, rendered, options)
{
    public int Code { get; private set; }

    public IActionResult OnGet(int code)
    {
        var originalPath = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        if (originalPath is null)
        {
            // Asked for by its own address: there is no such page.
            return NotFound();
        }
        Code = code;
        var first = originalPath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        SetLanguage(first ?? Site.DefaultLanguage);
        Title = code < 500 ? Language.Text.NotFoundTitle : Language.Text.UnavailableTitle;
        MakePrivate();
        return Page();
    }
}
