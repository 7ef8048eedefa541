using System.Globalization;
using Google.Api;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using NewsMesh.Articles.Syndication;
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
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults.Http;
using NewsMesh.ServiceDefaults.Identity;
using NewsMesh.Storage.Documents;
using NewsMesh.Storage.Feed;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Grpc;

/// <summary>
/// Translates ArticleService calls into domain checks and store operations. Whether the caller may make the call
/// at all is settled before it arrives (<see cref="ArticleAccessRules"/>); what it may see or change of a given
/// article is settled here, on the article itself (<see cref="ArticleViewer"/>), after any cache.
/// </summary>
public sealed class ArticleGrpcService(
    Lazy<ArticleStore> stores, CachedArticleReader reader, SectionFronts fronts, BylineAuthors bylines, ArticleImages images, PageTokens pageTokens, TimeProvider clock, ChangeFeed feed,
    IOptions<ArticlesOptions> options)
    : ArticleService.ArticleServiceBase
{
    /// <summary>Made on first use: a hot read is answered without it.</summary>
    private ArticleStore Store => stores.Value;

    public override Task<ListChangesResponse> ListChanges(ListChangesRequest request, ServerCallContext context) => feed.ListAsync(request, context);

    public override Task WatchChanges(WatchChangesRequest request, IServerStreamWriter<WatchChangesResponse> responseStream, ServerCallContext context) =>
        feed.WatchAsync(request, responseStream, context);

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
            violations.AddRange(ArticleValidator.NestedOutputOnlySetIn(request.Article, "article."));
            violations.AddRange(ArticleValidator.Validate(request.Article));
        }
        var requestId = RequestIds.Read(request.RequestId, "request_id", violations);
        RpcErrors.ThrowIfAny(violations);
        var caller = context.GetHttpContext().GetCaller();
        // A retry answers with what the first request made, whatever has changed since (AIP-155); the same caller's
        // request id only, or a request id would let anyone read another's draft.
        if (requestId.Length > 0 && await Store.FindByRequestIdAsync(requestId, context.CancellationToken) is { } earlier)
        {
            return earlier.Creator == caller.Subject && Viewer(context).CanSee(earlier) ? earlier : ThrowRequestIdTaken(request.RequestId);
        }
        var article = request.Article!.Clone();
        var authors = await bylines.CheckAsync(article, null, context);
        article.Attribution = authors is null ? "" : BylineAuthors.AttributionOf(article, authors);
        await images.CheckAsync(article, null, context);
        await CheckTranslationSourceAsync(article, Viewer(context), context.CancellationToken);
        var created = await Store.CreateAsync(article, requestId, Writer.Of(context), context.CancellationToken);
        return created.Creator == caller.Subject ? created : ThrowRequestIdTaken(request.RequestId);
    }

    public override async Task<Article> GetArticle(GetArticleRequest request, ServerCallContext context) =>
        (await GetEncodedArticle(request, context)).Article;

    /// <summary>GetArticle as gRPC callers are answered: with the bytes the article is stored as (<see cref="EncodedArticleMethods"/>).</summary>
    public async Task<EncodedArticle> GetEncodedArticle(GetArticleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        return Shared(Visible(await reader.GetAsync(id, context.CancellationToken), context) ?? ThrowNotFound<EncodedArticle>(request.Name), context);
    }

    public override async Task<HttpBody> GetArticleNinjs(GetArticleNinjsRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        var article = (Visible(await reader.GetAsync(id, context.CancellationToken), context) ?? ThrowNotFound<EncodedArticle>(request.Name)).Article;
        var authors = await bylines.ReadAsync(article, context);
        var media = await images.ReadAsync(article, context);
        var now = clock.GetUtcNow();
        var document = NinjsDocument.Of(article, authors, media, options.Value.PublicAddress, options.Value.Publisher, now);
        if (ArticleLifecycle.MayBeSharedByCaches(article))
        {
            // Kept no longer than the first licence among its images runs, and let go when any of its parts changes,
            // the images it leaves out included (one whose licence is extended comes back).
            var licenceEnds = media.Values.Select(m => m.Rights?.ExpireTime?.ToDateTimeOffset()).OfType<DateTimeOffset>().Where(end => end > now).ToList();
            TimeSpan? maxAge = licenceEnds.Count > 0 ? licenceEnds.Min() - now : null;
            SharedCache.AllowPublic(context, maxAge, [SurrogateKeys.Article(id),
                .. authors.Keys.Select(a => SurrogateKeys.Author(a["authors/".Length..])),
                .. NinjsDocument.Images(article).Select(i => i.Media).Distinct(StringComparer.Ordinal)
                    .Select(m => SurrogateKeys.Media(m.StartsWith("media/", StringComparison.Ordinal) ? m["media/".Length..] : m))]);
        }
        return new HttpBody { ContentType = NinjsDocument.ContentType, Data = ByteString.CopyFromUtf8(document.ToJsonString()) };
    }

    public override async Task<Article> LookupArticle(LookupArticleRequest request, ServerCallContext context) =>
        (await LookupEncodedArticle(request, context)).Article;

    /// <summary>LookupArticle as gRPC callers are answered: with the bytes the article is stored as (<see cref="EncodedArticleMethods"/>).</summary>
    public async Task<EncodedArticle> LookupEncodedArticle(LookupArticleRequest request, ServerCallContext context)
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
            ?? ThrowNotFound<EncodedArticle>($"articles:lookup?slug={request.Slug}&language_code={language}"), context);
    }

    public override async Task<ListArticlesResponse> ListArticles(ListArticlesRequest request, ServerCallContext context) =>
        await ListEncodedArticles(request, context) switch
        {
            { Front: { } bytes } => ListArticlesResponse.Parser.ParseFrom(bytes),
            var listed => listed.Response!,
        };

    /// <summary>
    /// ListArticles as gRPC callers are answered: a front's first page from <see cref="SectionFronts"/> as the bytes
    /// it is kept as, any other list from the database (<see cref="EncodedArticleMethods"/>).
    /// </summary>
    public async Task<EncodedList> ListEncodedArticles(ListArticlesRequest request, ServerCallContext context)
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
            request.TranslationGroup,
            request.StaleTranslations);
        var page = PageRequest.Read(request.PageSize, request.PageToken, filter.ToString(), pageTokens, violations);
        RpcErrors.ThrowIfAny(violations);

        if (fronts.Caches(filter, page.After is null, page.Size))
        {
            var front = await fronts.GetAsync(filter, context.CancellationToken);
            if (!front.IsEmpty)
            {
                // Every article of a front is published; it changes when its next scheduled article is: no cache may keep it past then.
                SharedCache.AllowPublic(context, front.Until is { } until ? ArticleLifecycle.KeepUntil(Versions.FromMicros(until), clock.GetUtcNow()) : null, [ListKey(filter)]);
            }
            var filterText = filter.ToString();
            return new EncodedList(front.Page(page.Size, cursor => pageTokens.Issue(cursor, filterText)), null);
        }
        var (articles, next) = await Store.ListAsync(filter, Viewer(context), page.After, page.Size, context.CancellationToken);
        var response = new ListArticlesResponse { NextPageToken = pageTokens.Next(next, filter.ToString()) };
        response.Articles.AddRange(articles);
        if (articles.Count > 0 && articles.All(ArticleLifecycle.MayBeSharedByCaches))
        {
            // The list may change when the next scheduled article is published, embargoed or not: no cache may keep
            // it past that moment.
            var due = await Store.NextDueAsync(context.CancellationToken);
            SharedCache.AllowPublic(context, due is { } at ? ArticleLifecycle.KeepUntil(at, clock.GetUtcNow()) : null, [ListKey(filter)]);
        }
        return new EncodedList(null, response);
    }

    public override async Task<Article> UpdateArticle(UpdateArticleRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var (id, paths) = UpdateRequest.Read(request.Article, request.UpdateMask, Resources.Article, "article", violations);
        violations.AddRange(ArticleValidator.NestedOutputOnlySetIn(request.Article, "article."));
        RpcErrors.ThrowIfAny(violations);
        return await EditAsync(id, request.Article.Etag, request.Article, paths, context,
            current => ArticleLifecycle.CannotEdit(current));
    }

    public override async Task<Article> DeleteArticle(DeleteArticleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        return await Store.DeleteAsync(id, request.Etag, Writer.Of(context), context.CancellationToken);
    }

    public override async Task<Article> PublishArticle(PublishArticleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        var requested = request.PublishTime?.ToDateTimeOffset();
        return await Store.ModifyAsync(id, request.Etag, Writer.Of(context),
            current => ApplyTransition(current, ArticleLifecycle.Publish(current, clock.GetUtcNow(), requested)),
            context.CancellationToken);
    }

    public override async Task<Article> UnpublishArticle(UnpublishArticleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        return await Store.ModifyAsync(id, request.Etag, Writer.Of(context),
            current => ApplyTransition(current, ArticleLifecycle.Unpublish(current)),
            context.CancellationToken);
    }

    public override async Task<Article> CorrectArticle(CorrectArticleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        var violations = ArticleValidator.ValidateCorrection(request.Type, request.Text).ToList();
        IReadOnlyList<string> paths = [];
        if (request.Article is { } fix)
        {
            if (fix.Name.Length > 0 && fix.Name != request.Name)
            {
                violations.Add(new FieldViolation("article.name", "must be empty or the same as name"));
            }
            (paths, var maskViolations) = UpdateMasks.Of(Article.Descriptor).Resolve(request.UpdateMask, fix);
            violations.AddRange(maskViolations);
            violations.AddRange(FieldBehaviors.Of(Article.Descriptor).OutputOnlySetIn(fix, "article."));
            violations.AddRange(ArticleValidator.NestedOutputOnlySetIn(fix, "article."));
        }
        else if (request.UpdateMask is { Paths.Count: > 0 })
        {
            violations.Add(new FieldViolation("article", "is required with an update_mask: it holds the fix"));
        }
        else if (request.Type is Correction.Types.Type.Correction or Correction.Types.Type.EditorsNote)
        {
            violations.Add(new FieldViolation("article", $"is required for a {request.Type}: it holds the fix (only a clarification may come without one)"));
        }
        RpcErrors.ThrowIfAny(violations);

        return await EditAsync(id, request.Etag, request.Article ?? new Article(), paths, context,
            current => ArticleLifecycle.CannotCorrect(current) is { } reason ? $"{reason} (state {current.State})" : null,
            (current, next) =>
            {
                var fields = ChangedFields.Between(current, next, NoBookkeeping);
                if (fields.Count == 0 && request.Type != Correction.Types.Type.Clarification)
                {
                    RpcErrors.ThrowInvalidArgument(request.Article is null ? "article" : "update_mask",
                        $"changes nothing; a {request.Type} must carry the fix it announces (only a clarification may come without one)");
                }
                next.Corrections.Add(Note(request.Type, request.Text, current.Revision + 1, fields));
                return next;
            });
    }

    public override async Task<Article> RetractArticle(RetractArticleRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Article, "name");
        RpcErrors.ThrowIfAny(ArticleValidator.ValidateRetraction(request.Reason));
        return await Store.ModifyAsync(id, request.Etag, Writer.Of(context), current =>
        {
            var next = ApplyTransition(current, ArticleLifecycle.Retract(current));
            next?.Corrections.Add(Note(Correction.Types.Type.Retraction, request.Reason, current.Revision + 1, []));
            return next;
        }, context.CancellationToken);
    }

    public override async Task<ListArticleRevisionsResponse> ListArticleRevisions(ListArticleRevisionsRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (!Resources.Article.TryParse(request.Parent, out var id))
        {
            violations.Add(new FieldViolation("parent", $"must be a resource name of the form {Resources.Article.Form}"));
        }
        var page = PageRequest.Read(request.PageSize, request.PageToken, request.Parent, pageTokens, violations);
        RpcErrors.ThrowIfAny(violations);

        var viewer = Viewer(context);
        _ = await Store.RecordAsync(id!, viewer, context.CancellationToken) ?? ThrowNotFound(request.Parent);
        var (revisions, next) = await Store.RevisionsAsync(id!, viewer, page.After, page.Size, context.CancellationToken);
        var response = new ListArticleRevisionsResponse { NextPageToken = pageTokens.Next(next, request.Parent) };
        response.Revisions.AddRange(revisions);
        return response;
    }

    public override async Task<ArticleRevision> GetArticleRevision(GetArticleRevisionRequest request, ServerCallContext context)
    {
        var (id, revision) = ParseRevisionName(request.Name, "name");
        var viewer = Viewer(context);
        _ = await Store.RecordAsync(id, viewer, context.CancellationToken) ?? ThrowNotFound(Resources.Article.Name(id));
        return await Store.RevisionAsync(id, revision, viewer, context.CancellationToken) ?? ThrowRevisionNotFound(request.Name);
    }

    public override async Task<Article> RollbackArticle(RollbackArticleRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (!Resources.Article.TryParse(request.Name, out var id))
        {
            violations.Add(new FieldViolation("name", $"must be a resource name of the form {Resources.Article.Form}"));
        }
        if (request.Revision < 1)
        {
            violations.Add(new FieldViolation("revision", "must be a revision of the article, 1 or more"));
        }
        if (request.Etag.Length == 0)
        {
            violations.Add(new FieldViolation("etag", "is required: a rollback undoes what was written since, so it must name the version it undoes"));
        }
        RpcErrors.ThrowIfAny(violations);

        var name = Resources.ArticleRevision.Name(id!, request.Revision.ToString(CultureInfo.InvariantCulture));
        var target = await Store.RevisionAsync(id!, request.Revision, Viewer(context), context.CancellationToken) ?? ThrowRevisionNotFound(name);
        try
        {
            return await EditAsync(id!, request.Etag, target.Article, ArticleLifecycle.RolledBackFields, context,
                current => ArticleLifecycle.CannotEdit(current) is { } reason ? $"{reason} A rollback would undo the retraction." : null);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            // The request was fine; the old content no longer holds (its translation source is gone, a rule is stricter).
            RpcErrors.ThrowFailedPrecondition("REVISION_NOT_RESTORABLE", name, $"Revision {request.Revision} cannot be made current again: {e.Status.Detail}");
            throw;
        }
    }

    /// <summary>
    /// The one way content changes (UpdateArticle, CorrectArticle and RollbackArticle): <paramref name="paths"/> of
    /// <paramref name="values"/> written over the current version, checked as a whole, with new bylines, images and
    /// translation sources checked with their owners first. <paramref name="cannot"/> says why the article may not be
    /// changed this way now; <paramref name="complete"/> adds what the call adds beside the change (a correction).
    /// </summary>
    private async Task<Article> EditAsync(string id, string etag, Article values, IReadOnlyList<string> paths, ServerCallContext context,
        Func<Article, string?> cannot, Func<Article, Article, Article>? complete = null)
    {
        var viewer = Viewer(context);

        // New bylines (or a new language for the attribution line), new images and a new source: checked with the
        // services and articles that own them before taking the write. Images that another write adds meanwhile
        // were checked by that write.
        IReadOnlyDictionary<string, Contracts.Author.V1.Author>? authors = null;
        var checkBylines = (paths.Contains("bylines") || paths.Contains("language_code")) && bylines.Enabled;
        var checkImages = (paths.Contains("lead_media") || paths.Contains("body")) && images.Enabled;
        var checkSource = paths.Contains("translation_source") || paths.Contains("translation_group");
        if (checkBylines || checkImages || checkSource)
        {
            var before = await Store.GetAsync(id, context.CancellationToken) ?? ThrowNotFound(Resources.Article.Name(id));
            ThrowUnlessEditable(before, viewer);
            var merged = UpdateMasks.Apply(before, values, paths);
            RpcErrors.ThrowIfAny(ArticleValidator.Validate(merged));
            if (checkBylines)
            {
                authors = await bylines.CheckAsync(merged, before, context);
            }
            if (checkImages)
            {
                await images.CheckAsync(merged, before, context);
            }
            if (checkSource)
            {
                await CheckTranslationSourceAsync(merged, viewer, context.CancellationToken);
            }
        }

        // The guard decides on the row being written, before its etag is compared: an editor may have published the
        // draft meanwhile, and a caller who may not see it must not learn its version either.
        return await Store.ModifyAsync(id, etag, Writer.Of(context), current =>
        {
            if (cannot(current) is { } reason)
            {
                RpcErrors.ThrowFailedPrecondition("STATE", current.Name, reason);
            }
            var next = UpdateMasks.Apply(current, values, paths);
            ArticleLifecycle.KeepTranslationStanding(current, next);
            RpcErrors.ThrowIfAny(ArticleValidator.Validate(next));
            if (authors is not null)
            {
                if (next.Bylines.Any(b => !authors.ContainsKey(b.Author)))
                {
                    RpcErrors.ThrowStaleEtag(current.Name, etag, current.Etag);
                }
                next.Attribution = BylineAuthors.AttributionOf(next, authors);
            }
            else if (paths.Contains("bylines") || paths.Contains("language_code"))
            {
                // No author service to name the agencies: no line, rather than one for other bylines or another language.
                next.Attribution = "";
            }
            if (complete is not null)
            {
                next = complete(current, next);
            }
            return next.Equals(current) ? null : next;
        }, context.CancellationToken, guard: current => ThrowUnlessEditable(current, viewer));
    }

    /// <summary>
    /// A translation's source must be another live article of the same translation group, and the revision it was
    /// made from one that source has had.
    /// </summary>
    private async Task CheckTranslationSourceAsync(Article article, ArticleViewer viewer, CancellationToken ct)
    {
        if (article.TranslationSource is not { } source || !Resources.Article.TryParse(source.Article, out var sourceId))
        {
            return;
        }
        const string Field = "article.translation_source.";
        if (source.Article == article.Name)
        {
            RpcErrors.ThrowInvalidArgument(Field + "article", "must name another article: an article is not its own translation");
        }
        // An article the caller may not see does not exist for it, here as everywhere.
        var original = await Store.GetAsync(sourceId, ct);
        if (original is null || !viewer.CanSee(original))
        {
            RpcErrors.ThrowInvalidArgument(Field + "article", $"{source.Article} does not exist");
        }
        if (article.TranslationGroup.Length == 0 || original.TranslationGroup != article.TranslationGroup)
        {
            RpcErrors.ThrowInvalidArgument(Field + "article",
                $"{source.Article} is in translation group '{original.TranslationGroup}', this article in '{article.TranslationGroup}': a translation's source is a version of the same story");
        }
        if (source.Revision > original.Revision)
        {
            RpcErrors.ThrowInvalidArgument(Field + "revision", $"{source.Article} has revisions 1 to {original.Revision}");
        }
    }

    private static (string Id, long Revision) ParseRevisionName(string name, string field)
    {
        long revision = 0;
        if (!Resources.ArticleRevision.TryParse(name, out var id, out var number)
            || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out revision) || revision < 1)
        {
            RpcErrors.ThrowInvalidArgument(field, $"must be a resource name of the form {Resources.ArticleRevision.Form}, the revision a number");
        }
        return (id, revision);
    }

    /// <summary>What a correction compares: every field, as the change made them (the write has not stamped its own yet).</summary>
    private static readonly IReadOnlySet<string> NoBookkeeping = new HashSet<string>();

    private Correction Note(Correction.Types.Type type, string text, long revision, IReadOnlyList<string> fields) => new()
    {
        Type = type,
        Text = text,
        CreateTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
        Revision = revision,
        Fields = { fields },
    };

    private ArticleViewer Viewer(ServerCallContext context) => ArticleViewer.Of(context.GetHttpContext().GetCaller(), clock.GetUtcNow());

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

    /// <summary>The article, said to be public to the caches it passes when it is (<see cref="ArticleLifecycle.MayBeSharedByCaches"/>).</summary>
    private static EncodedArticle Shared(EncodedArticle article, ServerCallContext context)
    {
        if (ArticleLifecycle.MayBeSharedByCaches(article))
        {
            SharedCache.AllowPublic(context, null, article.SurrogateKey);
        }
        return article;
    }

    /// <summary>The narrowest key every change to what a list may hold names: its section front, its language's front, its story, or any article.</summary>
    private static string ListKey(ArticleFilter filter) => filter switch
    {
        { Section.Length: > 0, LanguageCode.Length: > 0 } => SurrogateKeys.Section(filter.Section, filter.LanguageCode),
        { TranslationGroup.Length: > 0 } => SurrogateKeys.Story(filter.TranslationGroup),
        { Section.Length: 0, LanguageCode.Length: > 0 } => SurrogateKeys.Front(filter.LanguageCode),
        _ => SurrogateKeys.Articles,
    };

    /// <summary>The article, when the caller may see it; null (answered as NOT_FOUND) otherwise.</summary>
    private EncodedArticle? Visible(EncodedArticle? article, ServerCallContext context) =>
        article is not null && Viewer(context).CanSee(article) ? article : null;

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

    private static Article ThrowNotFound(string name) => ThrowNotFound<Article>(name);

    private static T ThrowNotFound<T>(string name)
    {
        RpcErrors.ThrowNotFound(Resources.Article.Type, name);
        return default!;
    }

    private static ArticleRevision ThrowRevisionNotFound(string name)
    {
        RpcErrors.ThrowNotFound(Resources.ArticleRevision.Type, name);
        return null;
    }
}
