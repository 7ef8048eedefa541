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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (redis.Connecting is null)
        {
            return;
        }
        try
        {
            var subscriber = (await redis.Connecting).GetSubscriber();
            // Fire and forget: with Redis down at start the subscription is made when it is back (the client
            // restores its subscriptions on every reconnection), and meanwhile the watchers poll.
            await subscriber.SubscribeAsync(Channel, (_, message) =>
            {
                if (message != _self)
                {
                    signal.Raise();
                }
            }, CommandFlags.FireAndForget);
            _subscriber = subscriber;
            signal.AddRelay(() => Publish(subscriber));
        }
        catch (RedisException e)
        {
            LogNoRelay(e);
        }
    }

    private void Publish(ISubscriber subscriber)
    {
        try
        {
            subscriber.Publish(Channel, _self, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // Redis is away: the other replicas' watchers find the change at their next poll.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _subscriber?.UnsubscribeAsync(Channel) ?? Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "Redis could not be subscribed to; other replicas' changes reach this one's feed watchers at its next poll")]
    private partial void LogNoRelay(Exception exception);
}
