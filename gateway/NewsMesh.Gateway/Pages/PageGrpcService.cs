using Grpc.Core;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults.Text;

namespace NewsMesh.Gateway.Pages;

/// <summary>Checks page requests and hands them to the page cache; gRPC callers and JSON (transcoded) alike.</summary>
public sealed class PageGrpcService(PageCache pages) : PageService.PageServiceBase
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
        return await pages.GetAsync(request, context.Deadline, context.CancellationToken);
    }
}
