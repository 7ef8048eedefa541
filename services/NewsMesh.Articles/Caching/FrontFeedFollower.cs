using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Storage.Feed;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// Follows this replica's own change feed (the database's outbox, as every replica reads it) and tells
/// <see cref="SectionFronts"/> which fronts each change names. A change reaches every replica this way within the
/// feed's delivery: at once when the commit's signal is relayed, at the next poll otherwise, Redis or not.
/// </summary>
public sealed partial class FrontFeedFollower(ChangeBroadcaster broadcaster, SectionFronts fronts, ILogger<FrontFeedFollower> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private static readonly ChangeFilter Everything = new(new HashSet<string>(), new HashSet<int>(), ChangeAudience.Staff);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FollowAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Nothing kept is trusted while not following (every front is read from the database); try again shortly.
                LogFollowingFailed(e);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        var (watcher, head) = await broadcaster.SubscribeAsync(Everything, stoppingToken);
        try
        {
            fronts.FollowingFrom(head);
            using var following = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, watcher.Overflowed);
            await foreach (var record in watcher.Changes.ReadAllAsync(following.Token))
            {
                fronts.Changed(Change.Parser.ParseFrom(record.Document).SurrogateKeys, record.Sequence);
            }
            // The broadcast ended the watcher: it fell too far behind.
            LogFellBehind();
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            LogFellBehind();
        }
        finally
        {
            fronts.NotFollowing();
            broadcaster.Unsubscribe(watcher);
        }
    }

    [LoggerMessage(LogLevel.Error, "The fronts' feed follower failed; fronts are read from the database until it follows again")]
    private partial void LogFollowingFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "The fronts' feed follower fell behind; it starts again, and fronts read before are read anew")]
    private partial void LogFellBehind();
}
