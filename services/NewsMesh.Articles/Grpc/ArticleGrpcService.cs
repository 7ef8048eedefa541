using Grpc.Core;
using NewsMesh.Contracts;
using NewsMesh.Aip;
using NewsMesh.Aip.Fields;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Paging;
using NewsMesh.Aip.Text;
using NewsMesh.Articles.Bylines;
using NewsMesh.Articles.Caching;
using NewsMesh.Articles.Data;
using NewsMesh.Articles.Domain;
using NewsMesh.Articles.Images;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults.Http;
using NewsMesh.ServiceDefaults.Identity;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Grpc;

/// <summary>
/// Translates ArticleService calls into domain checks and store operations. Whether the caller may make the call
/// at all is settled before it arrives (<see cref="ArticleAccessRules"/>); what it may see or change of a given
/// article is settled here, on the article itself (<see cref="ArticleViewer"/>), after any cache.
/// </summary>
public sealed class ArticleGrpcService(
    ArticleStore store, CachedArticleReader reader, BylineAuthors bylines, ArticleImages images, PageTokens pageTokens, TimeProvider clock)
    : ArticleService.ArticleServiceBase
{
    public override async Task<Article> CreateArticle(CreateArticleRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.Article is null)
        {
            violations.Add(new FieldViolation("article", "is required"));
        }
        else
        {
            violations.AddRange(FieldBehaviors.Of(Article.Descriptor).OutputOnlySetIn(request.Article, "article."));
            violations.AddRange(ArticleValidator.Validate(request.Article));
        }
        var requestId = RequestIds.Read(request.RequestId, "request_id", violations);
        RpcErrors.ThrowIfAny(violations);
        var caller = context.GetHttpContext().GetCaller();
        // A retry answers with what the first request made, whatever has changed since (AIP-155); the same caller's
        // request id only, or a request id would let anyone read another's draft.
        if (requestId.Length > 0 && await store.FindByRequestIdAsync(requestId, context.CancellationToken) is { } earlier)
        {
            return earlier.Creator == caller.Subject && ArticleViewer.Of(caller).CanSee(earlier) ? earlier : ThrowRequestIdTaken(request.RequestId);
        }
        var article = request.Article!.Clone();
        var authors = await bylines.CheckAsync(article, null, context);
        article.Attribution = authors is null ? "" : BylineAuthors.AttributionOf(article, authors);
        await images.CheckAsync(article, null, context);
        var created = await store.CreateAsync(article, requestId, caller.Subject, context.CancellationToken);
        return created.Creator == caller.Subject ? created : ThrowRequestIdTaken(request.RequestId);
    }

    public override async Task<Article> GetArticle(GetArticleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        return Shared(Visible(await reader.GetAsync(id, context.CancellationToken), context) ?? ThrowNotFound(request.Name), context);
    }

    public override async Task<Article> LookupArticle(LookupArticleRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (!TextRules.IsSlug(request.Slug))
        {
            violations.Add(new FieldViolation("slug", "must be a slug such as port-workers-end-strike"));
        }
        if (!TextRules.IsLanguageTag(request.LanguageCode))
        {
            violations.Add(new FieldViolation("language_code", "must be a BCP-47 language tag such as en"));
        }
        RpcErrors.ThrowIfAny(violations);
        var language = TextRules.CanonicalLanguageTag(request.LanguageCode);
        return Shared(Visible(await reader.LookupAsync(language, request.Slug, context.CancellationToken), context)
            ?? ThrowNotFound($"articles:lookup?slug={request.Slug}&language_code={language}"), context);
    }

    public override async Task<ListArticlesResponse> ListArticles(ListArticlesRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.LanguageCode.Length > 0 && !TextRules.IsLanguageTag(request.LanguageCode))
        {
            violations.Add(new FieldViolation("language_code", "must be a BCP-47 language tag such as en"));
        }
        if (!Enum.IsDefined(request.State))
        {
            violations.Add(new FieldViolation("state", "is not a known state"));
        }
        if (request.TranslationGroup.Length > 0 && !TextRules.IsResourceId(request.TranslationGroup))
        {
            violations.Add(new FieldViolation("translation_group", "must be 1 to 64 letters, digits, '-' or '_'"));
        }
        var filter = new ArticleFilter(
            request.Section,
            request.LanguageCode.Length > 0 ? TextRules.CanonicalLanguageTag(request.LanguageCode) : "",
            request.State == State.Unspecified ? null : (int)request.State,
            request.Label,
            request.TranslationGroup);
        var page = PageRequest.Read(request.PageSize, request.PageToken, filter.ToString(), pageTokens, violations);
        RpcErrors.ThrowIfAny(violations);

        var viewer = ArticleViewer.Of(context.GetHttpContext().GetCaller());
        var (articles, next) = await store.ListAsync(filter, viewer, page.After, page.Size, context.CancellationToken);
        var response = new ListArticlesResponse { NextPageToken = pageTokens.Next(next, filter.ToString()) };
        response.Articles.AddRange(articles);
        if (articles.Count > 0 && articles.All(ArticleLifecycle.MayBeSharedByCaches))
        {
            SharedCache.AllowPublic(context);
        }
        return response;
    }

    public override async Task<Article> UpdateArticle(UpdateArticleRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var (id, paths) = UpdateRequest.Read(request.Article, request.UpdateMask, Resources.Article, "article", violations);
        RpcErrors.ThrowIfAny(violations);
        var caller = context.GetHttpContext().GetCaller();
        var viewer = ArticleViewer.Of(caller);

        // New bylines (or a new language for the attribution line) and new images: checked with the services that
        // own them before taking the write. Images that another write adds meanwhile were checked by that write.
        IReadOnlyDictionary<string, Contracts.Author.V1.Author>? authors = null;
        var checkBylines = (paths.Contains("bylines") || paths.Contains("language_code")) && bylines.Enabled;
        var checkImages = (paths.Contains("lead_media") || paths.Contains("body")) && images.Enabled;
        if (checkBylines || checkImages)
        {
            var before = await store.GetAsync(id, context.CancellationToken) ?? ThrowNotFound(request.Article.Name);
            ThrowUnlessEditable(before, viewer);
            var merged = UpdateMasks.Apply(before, request.Article, paths);
            RpcErrors.ThrowIfAny(ArticleValidator.Validate(merged));
            if (checkBylines)
            {
                authors = await bylines.CheckAsync(merged, before, context);
            }
            if (checkImages)
            {
                await images.CheckAsync(merged, before, context);
            }
        }

        // The guard decides on the row being written, before its etag is compared: an editor may have published the
        // draft meanwhile, and a caller who may not see it must not learn its version either.
        return await store.ModifyAsync(id, request.Article.Etag, caller.Subject, current =>
        {
            if (ArticleLifecycle.CannotEdit(current) is { } reason)
            {
                RpcErrors.ThrowFailedPrecondition("STATE", current.Name, reason);
            }
            var next = UpdateMasks.Apply(current, request.Article, paths);
            RpcErrors.ThrowIfAny(ArticleValidator.Validate(next));
            if (authors is not null)
            {
                if (next.Bylines.Any(b => !authors.ContainsKey(b.Author)))
                {
                    RpcErrors.ThrowStaleEtag(current.Name, request.Article.Etag, current.Etag);
                }
                next.Attribution = BylineAuthors.AttributionOf(next, authors);
            }
            else if (paths.Contains("bylines") || paths.Contains("language_code"))
            {
                // No author service to name the agencies: no line, rather than one for other bylines or another language.
                next.Attribution = "";
            }
            return next.Equals(current) ? null : next;
        }, context.CancellationToken, guard: current => ThrowUnlessEditable(current, viewer));
    }

    public override async Task<Article> DeleteArticle(DeleteArticleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        return await store.DeleteAsync(id, request.Etag, Actor(context), context.CancellationToken);
    }

    public override async Task<Article> PublishArticle(PublishArticleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        var requested = request.PublishTime?.ToDateTimeOffset();
        return await store.ModifyAsync(id, request.Etag, Actor(context),
            current => ApplyTransition(current, ArticleLifecycle.Publish(current, clock.GetUtcNow(), requested)),
            context.CancellationToken);
    }

    public override async Task<Article> UnpublishArticle(UnpublishArticleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        return await store.ModifyAsync(id, request.Etag, Actor(context),
            current => ApplyTransition(current, ArticleLifecycle.Unpublish(current)),
            context.CancellationToken);
    }

    public override async Task<Article> CorrectArticle(CorrectArticleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        RpcErrors.ThrowIfAny(ArticleValidator.ValidateCorrection(request.Type, request.Text));
        return await store.ModifyAsync(id, request.Etag, Actor(context), current =>
        {
            if (ArticleLifecycle.CannotCorrect(current) is { } reason)
            {
                RpcErrors.ThrowFailedPrecondition("STATE", current.Name, $"{reason} (state {current.State})");
            }
            var next = current.Clone();
            next.Corrections.Add(Note(request.Type, request.Text));
            return next;
        }, context.CancellationToken);
    }

    public override async Task<Article> RetractArticle(RetractArticleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        RpcErrors.ThrowIfAny(ArticleValidator.ValidateRetraction(request.Reason));
        return await store.ModifyAsync(id, request.Etag, Actor(context), current =>
        {
            var next = ApplyTransition(current, ArticleLifecycle.Retract(current));
            next?.Corrections.Add(Note(Correction.Types.Type.Retraction, request.Reason));
            return next;
        }, context.CancellationToken);
    }

    private Correction Note(Correction.Types.Type type, string text) =>
        new() { Type = type, Text = text, CreateTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(clock.GetUtcNow()) };

    /// <summary>The article after <paramref name="transition"/>, null when nothing changes; throws when refused.</summary>
    public static Article? ApplyTransition(Article current, Transition transition)
    {
        switch (transition)
        {
            case Transition.Refused refused:
                RpcErrors.ThrowFailedPrecondition("STATE", current.Name,
                    $"{refused.Reason} (state {current.State})");
                return null;
            case Transition.Move to:
                return ArticleLifecycle.Apply(current, to);
            default:
                return null;
        }
    }

    private static string Actor(ServerCallContext context) => context.GetHttpContext().GetCaller().Subject;

    /// <summary>The article, said to be public to the caches it passes when it is (<see cref="ArticleLifecycle.MayBeSharedByCaches"/>).</summary>
    private static Article Shared(Article article, ServerCallContext context)
    {
        if (ArticleLifecycle.MayBeSharedByCaches(article))
        {
            SharedCache.AllowPublic(context);
        }
        return article;
    }

    /// <summary>The article, when the caller may see it; null (answered as NOT_FOUND) otherwise.</summary>
    private static Article? Visible(Article? article, ServerCallContext context) =>
        article is not null && ArticleViewer.Of(context.GetHttpContext().GetCaller()).CanSee(article) ? article : null;

    /// <summary>NOT_FOUND for an article the caller may not see, PERMISSION_DENIED for one it may see but not change.</summary>
    private static void ThrowUnlessEditable(Article article, ArticleViewer viewer)
    {
        if (!viewer.CanSee(article))
        {
            ThrowNotFound(article.Name);
        }
        if (!viewer.CanEdit(article))
        {
            RpcErrors.ThrowPermissionDenied("A reporter may update only the drafts it created.",
                new Dictionary<string, string> { ["rpc"] = "UpdateArticle", ["resource"] = article.Name });
        }
    }

    private static Article ThrowRequestIdTaken(string requestId)
    {
        RpcErrors.ThrowAlreadyExists("REQUEST_ID_TAKEN", "This request_id was used for an article this caller may not see; send a new one.",
            new Dictionary<string, string> { ["request_id"] = requestId });
        return null;
    }

    private static Article ThrowNotFound(string name)
    {
        RpcErrors.ThrowNotFound(Resources.Article.Type, name);
        return null;
    }
}
