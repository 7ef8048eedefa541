using Microsoft.EntityFrameworkCore;
using NewsMesh.Contracts.Article.V1;

namespace NewsMesh.Articles.Data;

/// <summary>
/// Fills the translation-group column of rows written before it existed, from each row's document, at start
/// (after the migrations, before requests). A migration cannot read the protobuf document, so this does; rows
/// are marked done ("" for articles without a group), so a later start finds nothing to do.
/// </summary>
public sealed partial class TranslationGroupBackfill(IServiceScopeFactory scopes, ILogger<TranslationGroupBackfill> logger) : IHostedService
{
    private const int Batch = 500;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ArticlesDbContext>();
        var filled = 0;
        while (true)
        {
            var rows = await db.Articles.IgnoreQueryFilters().Where(a => a.TranslationGroup == null).OrderBy(a => a.Id).Take(Batch).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                break;
            }
            foreach (var row in rows)
            {
                row.TranslationGroup = Article.Parser.ParseFrom(row.Document).TranslationGroup;
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another replica wrote one of these articles meanwhile, and its write set the column.
            }
            db.ChangeTracker.Clear();
            filled += rows.Count;
        }
        if (filled > 0)
        {
            LogFilled(filled);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Filled the translation group of {Count} articles written before the column existed")]
    private partial void LogFilled(int count);
}
