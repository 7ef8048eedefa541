using Grpc.Core;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.ServiceDefaults.Feed;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Search.Indexing;

/// <summary>
/// Follows the article, author and media feeds from the positions stored in the index. An index that has never
/// followed the article feed (a new replica, a deleted folder) is built from the article service's list first;
/// a position the feed no longer holds is made up for the same way.
/// </summary>
public sealed class SearchFeedFollower(
    ArticleSource source, ArticleIndexer indexer, SearchIndex index, IndexReadiness readiness, ServiceToken token, ILogger<SearchFeedFollower> logger)
    : FeedConsumer(token, logger)
{
    private readonly TaskCompletionSource _built = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override CallInvoker? InvokerFor(string feed) => source.InvokerFor(feed);

    protected override async Task<string?> StartAsync(string feed, CancellationToken ct)
    {
        if (feed == "articles")
        {
            if (index.Position(feed) is null)
            {
                await indexer.RebuildAsync(_ => Task.CompletedTask, ct);
            }
            readiness.Built();
            _built.TrySetResult();
        }
        else
        {
            // The other feeds start from where the build left them.
            await _built.Task.WaitAsync(ct);
        }
        return index.Position(feed);
    }

    protected override Task OnChangeAsync(string feed, Change change, CancellationToken ct) =>
        indexer.ApplyAsync(feed, change.Resource, change.Revision, change.Cursor, ct);

    protected override Task OnPositionAsync(string feed, string cursor, CancellationToken ct) =>
        indexer.SetPositionAsync(feed, cursor, ct);

    /// <summary>What changed meanwhile is unknown: the index is built again, and the feed followed on from before the build.</summary>
    protected override async Task<string?> OnCursorExpiredAsync(string feed, CancellationToken ct) =>
        (await indexer.RebuildAsync(_ => Task.CompletedTask, ct)).Heads.GetValueOrDefault(feed);
}

/// <summary>Makes what was indexed searchable every <see cref="SearchOptions.RefreshInterval"/> and durable every <see cref="SearchOptions.CommitInterval"/>.</summary>
public sealed class IndexMaintenance(SearchIndex index, Microsoft.Extensions.Options.IOptions<SearchOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastCommit = clock.GetTimestamp();
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                index.Refresh();
                if (clock.GetElapsedTime(lastCommit) >= options.Value.CommitInterval)
                {
                    await index.CommitAsync(stoppingToken);
                    lastCommit = clock.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
