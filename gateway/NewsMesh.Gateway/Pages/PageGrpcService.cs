using Grpc.Core;
using NewsMesh.Contracts;
using NewsMesh.Aip;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Text;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults.Http;
using NewsMesh.ServiceDefaults.Identity;
using Google.Protobuf.WellKnownTypes;

namespace NewsMesh.Gateway.Pages;

/// <summary>
/// Checks page requests and hands them to the page cache; gRPC callers and JSON (transcoded) alike. A reader with a
/// token (an editor previewing a draft) gets a page composed for it alone, which nothing keeps.
/// </summary>
public sealed class PageGrpcService(PageCache pages, PageComposer composer, PreviewLinks previews, ServiceToken identity, TimeProvider clock)
    : PageService.PageServiceBase
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

    public override async Task<ArticlePreview> CreateArticlePreview(CreateArticlePreviewRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (!Resources.Article.TryParse(request.Article, out var id))
        {
            violations.Add(new FieldViolation("article", $"must be a resource name of the form {Resources.Article.Form}"));
        }
        var lifetime = previews.Lifetime;
        if (request.Ttl is not null)
        {
            if (Span(request.Ttl) is { } ttl && ttl > TimeSpan.Zero && ttl <= previews.Lifetime)
            {
                lifetime = ttl;
            }
            else
            {
                violations.Add(new FieldViolation("ttl", $"must be more than 0 and at most {previews.Lifetime.TotalMinutes:0} minutes"));
            }
        }
        RpcErrors.ThrowIfAny(violations);
        // Only what the caller may read can be previewed: the article service judges the caller's own token.
        var http = context.GetHttpContext();
        await composer.ArticleAsync(request.Article, composer.Call(http.Request.Headers.Authorization.ToString(), context.Deadline, context.CancellationToken));
        // The token holds whole seconds: the time said is the one it keeps.
        var expires = DateTimeOffset.FromUnixTimeSeconds((clock.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        return new ArticlePreview { Token = previews.Issue(id!, expires), ExpireTime = Timestamp.FromDateTimeOffset(expires) };
    }

    public override async Task<ArticlePage> GetArticlePreview(GetArticlePreviewRequest request, ServerCallContext context)
    {
        if (request.Token.Length == 0)
        {
            RpcErrors.ThrowInvalidArgument("token", "is required: the token of a preview link");
        }
        var article = previews.Read(request.Token);
        if (article is null)
        {
            ThrowNoSuchLink();
        }
        // The link is the reader's credential; the gateway reads the article with its own identity, which sees every
        // state. Nothing says the answer may be shared, so no cache keeps it.
        if (await identity.GetAsync(context.CancellationToken) is not { } token)
        {
            RpcErrors.ThrowFailedPrecondition("IDENTITY", "gateway", "The gateway has no identity of its own to read unpublished articles with.");
            return null!;
        }
        try
        {
            return await composer.ComposeByNameAsync(article, "Bearer " + token, context.Deadline, context.CancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            // The article is gone: the link names nothing.
            ThrowNoSuchLink();
            return null!;
        }
    }

    /// <summary>Whether the link was never the gateway's, has expired, or names a deleted article is not said.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowNoSuchLink() => RpcErrors.ThrowNotFound("newsmesh.gateway.v1.ArticlePreview", "The preview link (or its article)");

    /// <summary>The duration, or null when it is not a valid one (nanos out of range or of the other sign).</summary>
    private static TimeSpan? Span(Duration duration)
    {
        try
        {
            return duration.ToTimeSpan();
        }
        catch (Exception e) when (e is InvalidOperationException or OverflowException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
