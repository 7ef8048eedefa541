using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using NewsMesh.Aip.Paging;
using NewsMesh.Aip.Text;
using NewsMesh.Articles.Caching;
using NewsMesh.Articles.Domain;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Storage.Documents;
using NewsMesh.Storage.Feed;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Data;

/// <summary>
/// Articles in the document store, with what is the article service's own, each written in the transaction of the
/// write that causes it: slugs that stay unique per language and keep answering after a change (the slug table);
/// a revision for every write, the whole article as the write left it; translations marked behind when their
/// source's text changes. Also lists filtered by what the viewer may see, the scheduler's queue, and cache entries
/// evicted everywhere after every write commits and before it is acknowledged.
/// </summary>
public sealed class ArticleStore(Lazy<ArticlesDbContext> database, ArticleCache cache, SectionFronts fronts, TimeProvider clock)
    : DocumentStore<Article, ArticleRecord>(() => database.Value, Resources.Article, Article.Parser, clock)
{
    private ArticlesDbContext Articles => database.Value;

    /// <summary>The fields whose change puts the article's translations behind it.</summary>
    public static readonly IReadOnlySet<string> TextFields = new HashSet<string>(StringComparer.Ordinal) { "headline", "summary", "body" };

    /// <summary>A new draft by <paramref name="writer"/>: whatever the request said of state, slugs or history is not kept.</summary>
    public Task<Article> CreateAsync(Article draft, string requestId, Writer writer, CancellationToken ct)
    {
        var article = draft.Clone();
        article.State = State.Draft;
        article.ClearOutputOnlyTimes();
        article.PreviousSlugs.Clear();
        article.Corrections.Clear();
        return InsertAsync(article, Guid.CreateVersion7(Clock.GetUtcNow()).ToString("N"), requestId, writer, ct);
    }

    /// <summary>The live article as stored, with the facts that decide who sees it from its row's columns: nothing is parsed.</summary>
    public async Task<EncodedArticle?> GetEncodedAsync(string id, CancellationToken ct)
    {
        var row = await Rows.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.Document, r.State, r.EmbargoTime, r.Creator }).FirstOrDefaultAsync(ct);
        return row is null ? null : new EncodedArticle(id, row.Document, row.State, row.EmbargoTime, row.Creator);
    }

    /// <summary>
    /// The newest published articles of a front (<see cref="SectionFronts.Caches"/>), as stored, up to
    /// <paramref name="depth"/>; the feed's head read before them, so that a change after it is known to be missing;
    /// and when the next scheduled article of that front is due.
    /// </summary>
    public async Task<CachedFront> FrontAsync(ArticleFilter filter, int depth, CancellationToken ct)
    {
        var head = await new ChangeLog(Articles).HeadAsync(ct);
        var (page, next) = await StoredPageAsync(Matching(Rows.AsNoTracking(), filter), null, depth, newestFirst: true, ct);
        var scheduled = (int)State.Scheduled;
        var due = await Matching(Rows.AsNoTracking(), filter with { State = scheduled })
            .Where(a => a.PublishTime != null)
            .OrderBy(a => a.PublishTime)
            .Select(a => a.PublishTime)
            .FirstOrDefaultAsync(ct);
        var now = Clock.GetUtcNow();
        long? until = due is { } at ? Versions.Micros(now + ArticleLifecycle.KeepUntil(Versions.FromMicros(at), now)) : null;
        return new CachedFront { LoadedAt = head, Due = due, Until = until, More = next is not null, Items = page };
    }

    /// <summary>
    /// The article as <paramref name="viewer"/> may know it, deleted or not: editors keep seeing the record of a
    /// deleted article (its revisions), everyone else only what is live and visible to them.
    /// </summary>
    public async Task<Article?> RecordAsync(string id, ArticleViewer viewer, CancellationToken ct)
    {
        var rows = viewer.SeesEveryState ? Rows.IgnoreQueryFilters() : Rows;
        var document = await rows.AsNoTracking().Where(r => r.Id == id).Select(r => r.Document).FirstOrDefaultAsync(ct);
        return document is not null && Parser.ParseFrom(document) is var article && viewer.CanSee(article) ? article : null;
    }

    /// <summary>One page of the revisions of article <paramref name="id"/> that <paramref name="viewer"/> may see, newest first.</summary>
    public async Task<(IReadOnlyList<ArticleRevision> Page, ListCursor? Next)> RevisionsAsync(
        string id, ArticleViewer viewer, ListCursor? after, int pageSize, CancellationToken ct)
    {
        var query = viewer.Filter(Articles.Revisions.AsNoTracking().Where(r => r.ArticleId == id));
        if (after is not null)
        {
            query = query.Where(r => r.Revision < after.ListTime);
        }
        var rows = await query.OrderByDescending(r => r.Revision).Take(pageSize + 1).Select(r => new { r.Revision, r.Document }).ToListAsync(ct);
        var page = rows.Take(pageSize).Select(r => ArticleRevision.Parser.ParseFrom(r.Document)).ToList();
        return (page, rows.Count > pageSize ? new ListCursor(rows[pageSize - 1].Revision, id) : null);
    }

    /// <summary>Revision <paramref name="revision"/> of article <paramref name="id"/>, when it exists and <paramref name="viewer"/> may see it.</summary>
    public async Task<ArticleRevision?> RevisionAsync(string id, long revision, ArticleViewer viewer, CancellationToken ct)
    {
        var document = await viewer.Filter(Articles.Revisions.AsNoTracking().Where(r => r.ArticleId == id && r.Revision == revision))
            .Select(r => r.Document).FirstOrDefaultAsync(ct);
        return document is null ? null : ArticleRevision.Parser.ParseFrom(document);
    }

    /// <summary>
    /// One page of what <paramref name="viewer"/> may see, newest first, starting after <paramref name="after"/>; the
    /// cursor is set when more follow. What the viewer may not see is left out by the query itself, so pages stay full.
    /// </summary>
    public Task<(IReadOnlyList<Article> Page, ListCursor? Next)> ListAsync(
        ArticleFilter filter, ArticleViewer viewer, ListCursor? after, int pageSize, CancellationToken ct)
    {
        return PageAsync(Matching(viewer.Filter(Rows.AsNoTracking()), filter), after, pageSize, newestFirst: true, ct);
    }

    /// <summary>
    /// When the next scheduled article is due to be published (its scheduled time, which an embargo moves to the
    /// embargo's end), or null when none is: a cached public list must not be kept past it. Any scheduled article,
    /// not only those a list would hold: one seek of the (state, publish time) index, where matching the list's
    /// filters would read every scheduled row of a section; a list is at worst cached for less time than it could be.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        var scheduled = (int)State.Scheduled;
        var due = await Rows.AsNoTracking()
            .Where(a => a.State == scheduled && a.PublishTime != null)
            .OrderBy(a => a.PublishTime)
            .Select(a => a.PublishTime)
            .FirstOrDefaultAsync(ct);
        return due is { } micros ? DateTimeOffset.UnixEpoch.AddTicks(micros * 10) : null;
    }

    private static IQueryable<ArticleRecord> Matching(IQueryable<ArticleRecord> query, ArticleFilter filter)
    {
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
        if (filter.StaleTranslations)
        {
            query = query.Where(a => a.TranslationStale);
        }
        return query;
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

    /// <summary>
    /// How many revisions of article <paramref name="sourceId"/> after <paramref name="revision"/> changed its text:
    /// how far behind it a translation made from that revision is.
    /// </summary>
    public Task<int> TextChangesAfterAsync(string sourceId, long revision, CancellationToken ct) =>
        Articles.Revisions.CountAsync(r => r.ArticleId == sourceId && r.Revision > revision && r.ChangesText, ct);

    /// <summary>
    /// What goes with every write, in its transaction: the slug table, a translation's standing against its source,
    /// the write's revision, and the translations that the write's change of text puts behind.
    /// </summary>
    protected override async Task BeforeWriteAsync(WriteKind kind, Article? current, Article proposed, Writer writer, CancellationToken ct)
    {
        var id = IdOf(proposed);
        proposed.LanguageCode = TextRules.CanonicalLanguageTag(proposed.LanguageCode);
        await KeepSlugsAsync(kind, current, proposed, id, ct);
        await MeasureTranslationAsync(current, proposed, ct);
        var changes = Changes(current, proposed);
        Articles.Revisions.Add(RevisionOf(id, proposed, writer, changes));
        if (current is not null && changes.Any(TextFields.Contains))
        {
            // A retraction is final: a retracted translation keeps the standing it was withdrawn with.
            var retracted = (int)State.Retracted;
            var translations = await Rows.AsNoTracking().Where(a => a.TranslationSourceId == id && a.State != retracted).Select(a => a.Id).ToListAsync(ct);
            foreach (var translation in translations)
            {
                await WriteAlongsideAsync(translation, writer, FallenBehind, ct);
            }
        }
    }

    /// <summary>The revision row of <paramref name="article"/> as <paramref name="writer"/>'s write left it.</summary>
    public static ArticleRevisionRecord RevisionOf(string id, Article article, Writer writer, IReadOnlyList<string> changes) => new()
    {
        ArticleId = id,
        Revision = article.Revision,
        State = (int)article.State,
        EmbargoTime = Micros(article.EmbargoTime),
        Creator = article.Creator,
        ChangesText = changes.Any(TextFields.Contains),
        Document = new ArticleRevision
        {
            Name = Resources.ArticleRevision.Name(id, article.Revision.ToString(CultureInfo.InvariantCulture)),
            Revision = article.Revision,
            CreateTime = article.UpdateTime,
            Actor = writer.Subject,
            ActorRole = writer.Role,
            Rpc = writer.Rpc,
            ChangedFields = { changes },
            Article = article,
        }.ToByteArray(),
    };

    /// <summary>A translation whose source's text just changed: one more revision behind.</summary>
    private static Article FallenBehind(Article translation)
    {
        var next = translation.Clone();
        next.TranslationSource.RevisionsBehind++;
        next.TranslationSource.Stale = true;
        return next;
    }

    /// <summary>
    /// A translation that names another source, or another revision of it, than before: how far behind that revision
    /// it is. While it names the same one, its standing is what the source's writes made it.
    /// </summary>
    private async Task MeasureTranslationAsync(Article? current, Article proposed, CancellationToken ct)
    {
        if (proposed.TranslationSource is not { } source
            || current?.TranslationSource is { } before && before.Article == source.Article && before.Revision == source.Revision)
        {
            return;
        }
        source.RevisionsBehind = Resources.Article.TryParse(source.Article, out var sourceId)
            ? await TextChangesAfterAsync(sourceId, source.Revision, ct)
            : 0;
        source.Stale = source.RevisionsBehind > 0;
    }

    /// <summary>Keeps the slug table in step with the write: a new slug is claimed, an old one keeps answering, a deletion frees them all.</summary>
    private async Task KeepSlugsAsync(WriteKind kind, Article? current, Article proposed, string id, CancellationToken ct)
    {
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
        fronts.Changed([.. SurrogateKeys.Of(IdOf(written), written), .. current is null ? [] : SurrogateKeys.Of(IdOf(written), current)], LastCommittedSequence);
        return cache.EvictAsync(IdOf(written), slugs.Distinct(), CancellationToken.None);
    }

    /// <summary>
    /// A change to an article is news to everyone who may read it before or after (a story taken down must leave the
    /// caches that hold it); it touches the article, its story's other language versions, its section front and its
    /// language's front, before and after.
    /// </summary>
    protected override ChangeNote Note(WriteKind kind, Article? current, Article written, Writer writer)
    {
        var changed = kind switch
        {
            WriteKind.Create => ChangeKind.Created,
            WriteKind.Delete => ChangeKind.Deleted,
            _ when written.Corrections.Count > (current?.Corrections.Count ?? 0) => ChangeKind.Corrected,
            _ when written.State != current?.State => written.State switch
            {
                State.Published => ChangeKind.Published,
                State.Scheduled => ChangeKind.Scheduled,
                State.Unpublished => ChangeKind.Unpublished,
                State.Retracted => ChangeKind.Retracted,
                _ => ChangeKind.Updated,
            },
            _ => ChangeKind.Updated,
        };
        var now = Clock.GetUtcNow();
        var partner = new ArticleViewer(false, "", now);
        var versions = current is null ? [written] : new[] { current, written };
        var audience = versions.Any(v => ArticleViewer.IsPublic(v.State)) ? ChangeAudience.Public
            : versions.Any(partner.CanSee) ? ChangeAudience.Partner
            : ChangeAudience.Staff;
        return new ChangeNote(changed, versions.SelectMany(v => SurrogateKeys.Of(IdOf(written), v)).Distinct().ToList(), audience);
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
        record.PublishTime = Micros(article.PublishTime);
        record.EmbargoTime = Micros(article.EmbargoTime);
        record.Creator = article.Creator;
        record.TranslationSourceId = article.TranslationSource is { } source && Resources.Article.TryParse(source.Article, out var sourceId) ? sourceId : null;
        record.TranslationStale = article.TranslationSource?.Stale == true;
    }

    public static long? Micros(Timestamp? time) => time is null ? null : Versions.Micros(time.ToDateTimeOffset());

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
