using NewsMesh.Storage.Feed;
using StackExchange.Redis;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// Wakes the other replicas' feed watchers when this one commits, over Redis pub/sub on the cache's connection, so
/// a change reaches a watcher of any replica at once rather than at that replica's next poll. Only a wake-up: a
/// message lost while Redis is away delays changes by at most <see cref="FeedOptions.PollInterval"/>. Without
/// <c>Cache:Redis</c> there is nothing to relay over, and replicas poll.
/// </summary>
public sealed partial class FeedSignalRelay(RedisConnection redis, ChangeSignal signal, ILogger<FeedSignalRelay> logger) : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("newsmesh:feed:articles");

    // Each replica hears its own messages too; it has woken its watchers already.
    private readonly string _self = Guid.NewGuid().ToString("N");
    private ISubscriber? _subscriber;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (redis.Connecting is { } connecting)
        {
            // Start-up never waits on Redis: the relay is set up once the connection is made.
            signal.AddRelay(Publish);
            _ = connecting.ContinueWith(SubscribeAsync, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default).Unwrap();
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SubscribeAsync(Task<ConnectionMultiplexer> connected)
    {
        try
        {
            var subscriber = (await connected).GetSubscriber();
            // Fire and forget: with Redis down the subscription is made when it is back (the client restores its
            // subscriptions on every reconnection), and meanwhile the watchers poll.
            await subscriber.SubscribeAsync(Channel, (_, message) =>
            {
                if (message != _self)
                {
                    signal.Raise();
                }
            }, CommandFlags.FireAndForget);
            Volatile.Write(ref _subscriber, subscriber);
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            LogNoRelay(e);
        }
    }

    /// <summary>Runs after every commit: it must never fail the write that was made.</summary>
    private void Publish()
    {
        try
        {
            Volatile.Read(ref _subscriber)?.Publish(Channel, _self, CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            // Redis is away, or the process is stopping: the other replicas' watchers find the change at their next poll.
        }
    }

    [LoggerMessage(LogLevel.Warning, "Redis could not be subscribed to; other replicas' changes reach this one's feed watchers at its next poll")]
    private partial void LogNoRelay(Exception exception);
}
