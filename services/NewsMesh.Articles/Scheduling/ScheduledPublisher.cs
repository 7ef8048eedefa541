using Microsoft.Extensions.Options;
using NewsMesh.Articles.Data;
using NewsMesh.Articles.Domain;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.ServiceDefaults.Identity;
using NewsMesh.Storage.Documents;

namespace NewsMesh.Articles.Scheduling;

/// <summary>
/// Publishes scheduled articles when their time comes. The schedule lives in the database, so a restart loses
/// nothing: what fell due while the service was down is published on the first pass. Replicas may race for an
/// article; the revision check lets exactly one win and the others move on. The publication is the mesh's own act:
/// it is recorded under the service's own subject.
/// </summary>
public sealed partial class ScheduledPublisher(
    IServiceScopeFactory scopes, IOptions<ArticlesOptions> options, ServiceToken identity, TimeProvider clock, ILogger<ScheduledPublisher> logger)
    : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerInterval, clock);
        do
        {
            try
            {
                await PublishDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed pass (database briefly away) must not end the scheduler; the next tick retries.
                LogPassFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> PublishDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ArticleStore>();
        var published = 0;
        foreach (var id in await store.DueAsync(clock.GetUtcNow(), BatchSize, ct))
        {
            try
            {
                var due = false;
                var article = await store.ModifyAsync(id, "", new Writer(identity.Subject, Roles.Service, nameof(ArticleService.ArticleServiceBase.PublishArticle)), current =>
                {
                    // Decided again on every attempt: a retry may find nothing left to do.
                    due = false;
                    // Re-decided on the fresh row: an editor may have unpublished or rescheduled it meanwhile.
                    if (ArticleLifecycle.PublishWhenDue(current, clock.GetUtcNow()) is not Transition.Move to)
                    {
                        return null;
                    }
                    due = to.State == Article.Types.State.Published;
                    return ArticleLifecycle.Apply(current, to);
                }, ct);
                if (due)
                {
                    LogPublished(article.Name);
                    published++;
                }
            }
            catch (StoreException e) when (e.Outcome is StoreOutcome.EtagMismatch or StoreOutcome.NotFound)
            {
                LogLostRace(id, e.Outcome);
            }
        }
        return published;
    }

    [LoggerMessage(LogLevel.Information, "Published scheduled {Article}")]
    private partial void LogPublished(string article);

    [LoggerMessage(LogLevel.Debug, "Scheduled article {Id} changed under us ({Status}); left to its new state")]
    private partial void LogLostRace(string id, StoreOutcome status);

    [LoggerMessage(LogLevel.Warning, "Scheduler pass failed; retrying on the next tick")]
    private partial void LogPassFailed(Exception exception);
}
