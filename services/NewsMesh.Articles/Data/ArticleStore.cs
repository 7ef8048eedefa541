using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using NewsMesh.Contracts;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Paging;
using NewsMesh.Aip.Text;
using NewsMesh.Articles.Caching;
using NewsMesh.Articles.Domain;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.Storage;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Data;

/// <summary>
/// Reads and writes articles. Every write is one transaction that re-checks the etag it was given and raises
/// the revision, so concurrent writers cannot overwrite each other; after it commits, and before it returns,
/// the cache entries it touched are evicted everywhere.
/// </summary>
public sealed class ArticleStore(Lazy<ArticlesDbContext> database, ArticleCache cache, TimeProvider clock)
{
    private const int WriteAttempts = 5;

    /// <summary>Created on first use: a read the cache answers never builds a context.</summary>
    private ArticlesDbContext Db => database.Value;

    public async Task<Article> CreateAsync(Article draft, string requestId, string creator, CancellationToken ct)
    {
        if (requestId.Length > 0 && await FindByRequestIdAsync(requestId, ct) is { } earlier)
        {
            return earlier;
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString("N");
        var article = draft.Clone();
        article.Name = Resources.Article.Name(id);
        article.LanguageCode = TextRules.CanonicalLanguageTag(article.LanguageCode);
        article.State = State.Draft;
        article.CreateTime = article.UpdateTime = Timestamp.FromDateTimeOffset(now);
        article.ClearOutputOnlyTimes();
        article.PreviousSlugs.Clear();
        article.Corrections.Clear();
        article.Revision = 1;
        article.Etag = Versions.Etag(article.Revision);
        article.Creator = article.UpdateActor = creator;

        if (await SlugOwnerAsync(article.LanguageCode, article.Slug, ct) is not null)
        {
            return await RetriedOrSlugTakenAsync(article, requestId, ct);
        }
        var record = new ArticleRecord
        {
            Id = id,
            Slug = article.Slug,
            LanguageCode = article.LanguageCode,
            Section = article.Section,
            RequestId = requestId.Length > 0 ? requestId : null,
            Creator = creator,
            Document = [],
        };
        Project(article, record);
        Db.Articles.Add(record);
        Db.Slugs.Add(new ArticleSlugRecord { LanguageCode = article.LanguageCode, Slug = article.Slug, ArticleId = id });
        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            Db.ChangeTracker.Clear();
            return await RetriedOrSlugTakenAsync(article, requestId, ct);
        }
        // A lookup may have remembered this slug as missing. The write is committed: the eviction must not be
        // cancelled with the request.
        await cache.EvictAsync(id, [(article.LanguageCode, article.Slug)], CancellationToken.None);
        return article;
    }

    /// <summary>
    /// A create met a slug or request id that is taken. When a concurrent request with the same request id took it,
    /// that request's article is the answer; otherwise the slug belongs to another article.
    /// </summary>
    private async Task<Article> RetriedOrSlugTakenAsync(Article article, string requestId, CancellationToken ct)
    {
        if (requestId.Length > 0 && await FindByRequestIdAsync(requestId, ct) is { } winner)
        {
            return winner;
        }
        ThrowSlugTaken(article.LanguageCode, article.Slug);
        return article;
    }

    public async Task<Article?> GetAsync(string id, CancellationToken ct)
    {
        var document = await Db.Articles.AsNoTracking()
            .Where(a => a.Id == id && !a.Deleted)
            .Select(a => a.Document)
            .FirstOrDefaultAsync(ct);
        return document is null ? null : Article.Parser.ParseFrom(document);
    }

    /// <summary>
    /// One page of what <paramref name="viewer"/> may see, newest first, starting after <paramref name="after"/>; the
    /// cursor is set when more follow. What the viewer may not see is left out by the query itself, so pages stay full.
    /// </summary>
    public async Task<(IReadOnlyList<Article> Page, ListCursor? Next)> ListAsync(
        ArticleFilter filter, ArticleViewer viewer, ListCursor? after, int pageSize, CancellationToken ct)
    {
        var query = Db.Articles.AsNoTracking().Where(a => !a.Deleted);
        if (!viewer.SeesEveryState)
        {
            int published = (int)State.Published, retracted = (int)State.Retracted, draft = (int)State.Draft;
            var drafts = viewer.OwnDraftsOf;
            query = query.Where(a => a.State == published || a.State == retracted || (a.State == draft && drafts != "" && a.Creator == drafts));
        }
        if (filter.Section.Length > 0)
        {
            query = query.Where(a => a.Section == filter.Section);
        }
        if (filter.LanguageCode.Length > 0)
        {
            query = query.Where(a => a.LanguageCode == filter.LanguageCode);
        }
        if (filter.State is { } state)
        {
            query = query.Where(a => a.State == state);
        }
        if (filter.Label.Length > 0)
        {
            query = query.Where(a => a.Label == filter.Label);
        }
        if (filter.TranslationGroup.Length > 0)
        {
            query = query.Where(a => a.TranslationGroup == filter.TranslationGroup);
        }
        if (after is not null)
        {
            query = query.Where(a => a.ListTime < after.ListTime
                || (a.ListTime == after.ListTime && string.Compare(a.Id, after.Id) < 0));
        }

        var rows = await query
            .OrderByDescending(a => a.ListTime).ThenByDescending(a => a.Id)
            .Take(pageSize + 1)
            .Select(a => new { a.ListTime, a.Id, a.Document })
            .ToListAsync(ct);
        var page = rows.Take(pageSize).Select(r => Article.Parser.ParseFrom(r.Document)).ToList();
        var next = rows.Count > pageSize ? new ListCursor(rows[pageSize - 1].ListTime, rows[pageSize - 1].Id) : null;
        return (page, next);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current version. <paramref name="change"/> returns null when there is
    /// nothing to do (the article is returned as it is), or throws an <see cref="Grpc.Core.RpcException"/> to refuse.
    /// It may be applied more than once: see <see cref="ThrowUnlessRetried"/>. <paramref name="guard"/>, when given, sees
    /// the stored version before anything is compared with it (the etag), so a caller it refuses learns nothing of it.
    /// </summary>
    public async Task<Article> ModifyAsync(
        string id, string etag, string actor, Func<Article, Article?> change, CancellationToken ct, Action<Article>? guard = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (record, current) = await LoadForWriteAsync(id, etag, guard, ct);
            if (change(current) is not { } next)
            {
                return current;
            }

            next.LanguageCode = TextRules.CanonicalLanguageTag(next.LanguageCode);
            if (next.LanguageCode != current.LanguageCode)
            {
                await RemoveSlugsAsync(id, ct);
                next.PreviousSlugs.Clear();
                await AddSlugAsync(next.LanguageCode, next.Slug, id, ct);
            }
            else if (next.Slug != current.Slug)
            {
                var kept = await Db.Slugs.FindAsync([next.LanguageCode, next.Slug], ct);
                if (kept?.ArticleId != id)
                {
                    await AddSlugAsync(next.LanguageCode, next.Slug, id, ct);
                }
                var previous = next.PreviousSlugs.Where(s => s != next.Slug).Append(current.Slug).Distinct().ToList();
                next.PreviousSlugs.Clear();
                next.PreviousSlugs.AddRange(previous);
            }

            next.Revision = current.Revision + 1;
            next.Etag = Versions.Etag(next.Revision);
            next.UpdateTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
            next.UpdateActor = actor;
            Project(next, record);
            if (await SaveWriteAsync(next, ct))
            {
                await cache.EvictAsync(id, SlugsOf(current).Append((next.LanguageCode, next.Slug)).Distinct(), CancellationToken.None);
                return next;
            }
            ThrowUnlessRetried(next, etag, attempt);
        }
    }

    /// <summary>Soft-deletes: the row stays, reads and lists skip it, and its slugs become free.</summary>
    public async Task<Article> DeleteAsync(string id, string etag, string actor, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (record, current) = await LoadForWriteAsync(id, etag, null, ct);
            var deleted = current.Clone();
            deleted.Revision = current.Revision + 1;
            deleted.Etag = Versions.Etag(deleted.Revision);
            deleted.DeleteTime = deleted.UpdateTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
            deleted.UpdateActor = actor;
            Project(deleted, record);
            record.Deleted = true;
            await RemoveSlugsAsync(id, ct);
            if (await SaveWriteAsync(deleted, ct))
            {
                await cache.EvictAsync(id, SlugsOf(current), CancellationToken.None);
                return deleted;
            }
            ThrowUnlessRetried(deleted, etag, attempt);
        }
    }

    /// <summary>
    /// Another writer committed between our read and our write. A caller who sent an etag asked for that version
    /// only: ABORTED. A caller who sent none asked for whatever is current (AIP-154), so the change is made again
    /// on the newer version, a few times at most, as if the two requests had come one after the other.
    /// </summary>
    private static void ThrowUnlessRetried(Article written, string etag, int attempt)
    {
        if (etag.Length > 0 || attempt >= WriteAttempts)
        {
            RpcErrors.ThrowStaleEtag(written.Name, Versions.Etag(written.Revision - 1), "(newer)");
        }
    }

    /// <summary>Ids of scheduled articles whose publication time has come, oldest first.</summary>
    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        var nowMicros = Versions.Micros(now);
        var scheduled = (int)State.Scheduled;
        return await Db.Articles.AsNoTracking()
            .Where(a => a.State == scheduled && !a.Deleted && a.PublishTime <= nowMicros)
            .OrderBy(a => a.PublishTime)
            .Select(a => a.Id)
            .Take(limit)
            .ToListAsync(ct);
    }

    private async Task<(ArticleRecord Record, Article Current)> LoadForWriteAsync(string id, string etag, Action<Article>? guard, CancellationToken ct)
    {
        var record = await Db.Articles.FirstOrDefaultAsync(a => a.Id == id && !a.Deleted, ct);
        if (record is null)
        {
            RpcErrors.ThrowNotFound("newsmesh.article.v1.Article", Resources.Article.Name(id));
        }
        var current = Article.Parser.ParseFrom(record.Document);
        guard?.Invoke(current);
        if (etag.Length > 0 && etag != current.Etag)
        {
            RpcErrors.ThrowStaleEtag(current.Name, etag, current.Etag);
        }
        return (record, current);
    }

    /// <summary>Commits the write; false when another writer committed between our read and our write.</summary>
    private async Task<bool> SaveWriteAsync(Article written, CancellationToken ct)
    {
        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Forget the failed changes, so that the next write through this context (a retry, or the
            // scheduler's next article) starts from what is stored.
            Db.ChangeTracker.Clear();
            return false;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            Db.ChangeTracker.Clear();
            ThrowSlugTaken(written.LanguageCode, written.Slug);
        }
        return true;
    }

    /// <summary>Tracked removal, so that it commits in the same transaction as the write that causes it.</summary>
    private async Task RemoveSlugsAsync(string id, CancellationToken ct) =>
        Db.Slugs.RemoveRange(await Db.Slugs.Where(s => s.ArticleId == id).ToListAsync(ct));

    private async Task AddSlugAsync(string languageCode, string slug, string id, CancellationToken ct)
    {
        await EnsureSlugFreeAsync(languageCode, slug, id, ct);
        Db.Slugs.Add(new ArticleSlugRecord { LanguageCode = languageCode, Slug = slug, ArticleId = id });
    }

    private async Task EnsureSlugFreeAsync(string languageCode, string slug, string id, CancellationToken ct)
    {
        var owner = await SlugOwnerAsync(languageCode, slug, ct);
        if (owner is not null && owner != id)
        {
            ThrowSlugTaken(languageCode, slug);
        }
    }

    /// <summary>The id of the live article that has or had <paramref name="slug"/> in that language.</summary>
    public Task<string?> SlugOwnerAsync(string languageCode, string slug, CancellationToken ct) =>
        Db.Slugs.AsNoTracking()
            .Where(s => s.LanguageCode == languageCode && s.Slug == slug)
            .Select(s => s.ArticleId)
            .FirstOrDefaultAsync(ct);

    /// <summary>The article a create with <paramref name="requestId"/> made, if one did.</summary>
    public async Task<Article?> FindByRequestIdAsync(string requestId, CancellationToken ct)
    {
        var document = await Db.Articles.AsNoTracking()
            .Where(a => a.RequestId == requestId)
            .Select(a => a.Document)
            .FirstOrDefaultAsync(ct);
        return document is null ? null : Article.Parser.ParseFrom(document);
    }

    private static void ThrowSlugTaken(string languageCode, string slug) =>
        RpcErrors.ThrowAlreadyExists("SLUG_TAKEN", $"The slug '{slug}' is already used in language {languageCode}.",
            new Dictionary<string, string> { ["slug"] = slug, ["language_code"] = languageCode });

    /// <summary>Copies the queried facts of <paramref name="article"/> into its row.</summary>
    private static void Project(Article article, ArticleRecord record)
    {
        record.Slug = article.Slug;
        record.LanguageCode = article.LanguageCode;
        record.Section = article.Section;
        record.Label = article.Label;
        record.TranslationGroup = article.TranslationGroup;
        record.State = (int)article.State;
        record.ListTime = Versions.Micros((article.FirstPublishTime ?? article.CreateTime).ToDateTimeOffset());
        record.PublishTime = article.PublishTime is null ? null : Versions.Micros(article.PublishTime.ToDateTimeOffset());
        record.Revision = article.Revision;
        record.Document = article.ToByteArray();
    }

    /// <summary>Every slug the article answers to: its current one and those it had.</summary>
    private static IEnumerable<(string LanguageCode, string Slug)> SlugsOf(Article article) =>
        article.PreviousSlugs.Append(article.Slug).Select(slug => (article.LanguageCode, slug));
}
