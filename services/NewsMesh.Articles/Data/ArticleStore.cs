using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using NewsMesh.Aip.Paging;
using NewsMesh.Aip.Text;
using NewsMesh.Articles.Caching;
using NewsMesh.Articles.Domain;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Storage.Documents;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Data;

/// <summary>
/// Articles in the document store, with what is the article service's own: slugs that stay unique per language
/// and keep answering after a change (the slug table, written in the same transaction), lists filtered by what
/// the viewer may see, the scheduler's queue, and cache entries evicted everywhere after every write commits and
/// before it is acknowledged.
/// </summary>
public sealed class ArticleStore(Lazy<ArticlesDbContext> database, ArticleCache cache, TimeProvider clock)
    : DocumentStore<Article, ArticleRecord>(() => database.Value, Resources.Article, Article.Parser, clock)
{
    private ArticlesDbContext Articles => database.Value;

    /// <summary>A new draft by <paramref name="creator"/>: whatever the request said of state, slugs or history is not kept.</summary>
    public Task<Article> CreateAsync(Article draft, string requestId, string creator, CancellationToken ct)
    {
        var article = draft.Clone();
        article.State = State.Draft;
        article.ClearOutputOnlyTimes();
        article.PreviousSlugs.Clear();
        article.Corrections.Clear();
        return InsertAsync(article, Guid.CreateVersion7(Clock.GetUtcNow()).ToString("N"), requestId, creator, ct);
    }

    /// <summary>
    /// One page of what <paramref name="viewer"/> may see, newest first, starting after <paramref name="after"/>; the
    /// cursor is set when more follow. What the viewer may not see is left out by the query itself, so pages stay full.
    /// </summary>
    public Task<(IReadOnlyList<Article> Page, ListCursor? Next)> ListAsync(
        ArticleFilter filter, ArticleViewer viewer, ListCursor? after, int pageSize, CancellationToken ct)
    {
        var query = Rows.AsNoTracking();
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
        return PageAsync(query, after, pageSize, newestFirst: true, ct);
    }

    /// <summary>Ids of scheduled articles whose publication time has come, oldest first.</summary>
    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        var nowMicros = Versions.Micros(now);
        var scheduled = (int)State.Scheduled;
        return await Rows.AsNoTracking()
            .Where(a => a.State == scheduled && a.PublishTime <= nowMicros)
            .OrderBy(a => a.PublishTime)
            .Select(a => a.Id)
            .Take(limit)
            .ToListAsync(ct);
    }

    /// <summary>The id of the live article that has or had <paramref name="slug"/> in that language.</summary>
    public Task<string?> SlugOwnerAsync(string languageCode, string slug, CancellationToken ct) =>
        Articles.Slugs.AsNoTracking()
            .Where(s => s.LanguageCode == languageCode && s.Slug == slug)
            .Select(s => s.ArticleId)
            .FirstOrDefaultAsync(ct);

    /// <summary>Keeps the slug table in step with the write: a new slug is claimed, an old one keeps answering, a deletion frees them all.</summary>
    protected override async Task BeforeWriteAsync(WriteKind kind, Article? current, Article proposed, CancellationToken ct)
    {
        var id = IdOf(proposed);
        proposed.LanguageCode = TextRules.CanonicalLanguageTag(proposed.LanguageCode);
        if (kind == WriteKind.Delete)
        {
            await RemoveSlugsAsync(id, ct);
        }
        else if (current is null)
        {
            await AddSlugAsync(proposed.LanguageCode, proposed.Slug, id, ct);
        }
        else if (proposed.LanguageCode != current.LanguageCode)
        {
            await RemoveSlugsAsync(id, ct);
            proposed.PreviousSlugs.Clear();
            await AddSlugAsync(proposed.LanguageCode, proposed.Slug, id, ct);
        }
        else if (proposed.Slug != current.Slug)
        {
            var kept = await Articles.Slugs.FindAsync([proposed.LanguageCode, proposed.Slug], ct);
            if (kept?.ArticleId != id)
            {
                await AddSlugAsync(proposed.LanguageCode, proposed.Slug, id, ct);
            }
            var previous = proposed.PreviousSlugs.Where(s => s != proposed.Slug).Append(current.Slug).Distinct().ToList();
            proposed.PreviousSlugs.Clear();
            proposed.PreviousSlugs.AddRange(previous);
        }
    }

    /// <summary>A lookup may have remembered a new slug as missing, and every slug the article had answers with it.</summary>
    protected override Task AfterWriteAsync(Article? current, Article written)
    {
        var slugs = current is null ? [] : SlugsOf(current);
        if (written.DeleteTime is null)
        {
            slugs = slugs.Append((written.LanguageCode, written.Slug));
        }
        return cache.EvictAsync(IdOf(written), slugs.Distinct(), CancellationToken.None);
    }

    /// <summary>The only unique fact an article has besides its id is its slug in its language.</summary>
    protected override Task<StoreException> ConflictAsync(Article written, CancellationToken ct) =>
        Task.FromResult(SlugTaken(written.LanguageCode, written.Slug));

    protected override void Project(Article article, ArticleRecord record)
    {
        record.Slug = article.Slug;
        record.LanguageCode = article.LanguageCode;
        record.Section = article.Section;
        record.Label = article.Label;
        record.TranslationGroup = article.TranslationGroup;
        record.State = (int)article.State;
        record.ListTime = Versions.Micros((article.FirstPublishTime ?? article.CreateTime).ToDateTimeOffset());
        record.PublishTime = article.PublishTime is null ? null : Versions.Micros(article.PublishTime.ToDateTimeOffset());
        record.Creator = article.Creator;
    }

    /// <summary>Tracked removal, so that it commits in the same transaction as the write that causes it.</summary>
    private async Task RemoveSlugsAsync(string id, CancellationToken ct) =>
        Articles.Slugs.RemoveRange(await Articles.Slugs.Where(s => s.ArticleId == id).ToListAsync(ct));

    private async Task AddSlugAsync(string languageCode, string slug, string id, CancellationToken ct)
    {
        var owner = await SlugOwnerAsync(languageCode, slug, ct);
        if (owner is not null && owner != id)
        {
            throw SlugTaken(languageCode, slug);
        }
        Articles.Slugs.Add(new ArticleSlugRecord { LanguageCode = languageCode, Slug = slug, ArticleId = id });
    }

    private static StoreException SlugTaken(string languageCode, string slug) =>
        StoreException.AlreadyExists("SLUG_TAKEN", $"The slug '{slug}' is already used in language {languageCode}.",
            new Dictionary<string, string> { ["slug"] = slug, ["language_code"] = languageCode });

    /// <summary>Every slug the article answers to: its current one and those it had.</summary>
    private static IEnumerable<(string LanguageCode, string Slug)> SlugsOf(Article article) =>
        article.PreviousSlugs.Append(article.Slug).Select(slug => (article.LanguageCode, slug));
}
