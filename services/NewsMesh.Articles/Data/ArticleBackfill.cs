using Microsoft.EntityFrameworkCore;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Storage.Documents;

namespace NewsMesh.Articles.Data;

/// <summary>
/// Brings rows written before a column or table existed up to date from each row's document, at start (after the
/// migrations, before requests): a migration cannot read the protobuf document, so this does. The translation group
/// column; and for an article without a revision of its current version (one written before revisions were kept),
/// that revision, so that its first later write leaves the version before it in the history, and the embargo
/// column. Rows are left done, so a later start finds nothing to do.
/// </summary>
public sealed partial class ArticleBackfill(IServiceScopeFactory scopes, ILogger<ArticleBackfill> logger) : IHostedService
{
    private const int Batch = 500;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ArticlesDbContext>();
        var groups = await FillAsync(db, db.Articles.IgnoreQueryFilters().Where(a => a.TranslationGroup == null),
            (row, article) => row.TranslationGroup = article.TranslationGroup, cancellationToken);
        var histories = await FillAsync(db, db.Articles.IgnoreQueryFilters().Where(a => !db.Revisions.Any(r => r.ArticleId == a.Id && r.Revision == a.Revision)),
            (row, article) =>
            {
                row.EmbargoTime = ArticleStore.Micros(article.EmbargoTime);
                // Who made that version is on it; how, and what it changed, was never recorded.
                db.Revisions.Add(ArticleStore.RevisionOf(row.Id, article, new Writer(article.UpdateActor, "", ""), []));
            }, cancellationToken);
        if (groups + histories > 0)
        {
            LogFilled(groups, histories);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<int> FillAsync(ArticlesDbContext db, IQueryable<ArticleRecord> pending, Action<ArticleRecord, Article> fill, CancellationToken ct)
    {
        var filled = 0;
        while (true)
        {
            var rows = await pending.OrderBy(a => a.Id).Take(Batch).ToListAsync(ct);
            if (rows.Count == 0)
            {
                return filled;
            }
            foreach (var row in rows)
            {
                fill(row, Article.Parser.ParseFrom(row.Document));
            }
            try
            {
                await db.SaveChangesAsync(ct);
                filled += rows.Count;
            }
            catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e))
            {
                // Another replica wrote one of these articles meanwhile (its write filled it), or filled the same rows
                // first; the next look finds what is still left.
            }
            db.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(LogLevel.Information, "Filled {Groups} translation groups and {Histories} first revisions of articles written before they were kept")]
    private partial void LogFilled(int groups, int histories);
}
