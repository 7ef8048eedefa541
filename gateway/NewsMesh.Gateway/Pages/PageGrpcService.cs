using Grpc.Core;
using NewsMesh.Contracts;
using NewsMesh.Aip;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Text;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults.Http;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Gateway.Pages;

/// <summary>
/// Checks page requests and hands them to the page cache; gRPC callers and JSON (transcoded) alike. A reader with a
/// token (an editor previewing a draft) gets a page composed for it alone, which nothing keeps.
/// </summary>
public sealed class PageGrpcService(PageCache pages, PageComposer composer) : PageService.PageServiceBase
{
    public override async Task<ArticlePage> GetArticlePage(GetArticlePageRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (!TextRules.IsSlug(request.Slug))
        {
            violations.Add(new FieldViolation("slug", "must be a slug such as port-workers-end-strike"));
        }
        if (!TextRules.IsLanguageTag(request.Lang))
        {
            violations.Add(new FieldViolation("lang", "must be a BCP-47 language tag such as en"));
        }
        if (request.AspectRatio.Length > 0 && !PageParts.IsAspect(request.AspectRatio))
        {
            violations.Add(new FieldViolation("aspect_ratio", $"must be one of {string.Join(", ", AspectRatios.All)}"));
        }
        RpcErrors.ThrowIfAny(violations);
        var http = context.GetHttpContext();
        var composed = http.GetCaller().IsAuthenticated
            ? await composer.ComposeAsync(request, http.Request.Headers.Authorization.ToString(), context.Deadline, context.CancellationToken)
            : await pages.GetAsync(request, context.Deadline, context.CancellationToken);
        if (composed.Public)
        {
            SharedCache.AllowPublic(context, composed.SharedMaxAge, composed.SurrogateKeys);
        }
        return composed.Page;
    }
}
