using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// The one Redis connection of the cache and the backplane. It connects in the background, so start-up never
/// waits on Redis; while disconnected every command fails at once (no backlog), and a command never waits
/// longer than <c>Cache:RedisTimeout</c>. Closed when the service stops.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    public RedisConnection(IOptions<ArticleCacheOptions> options)
    {
        var cache = options.Value;
        if (string.IsNullOrWhiteSpace(cache.Redis))
        {
            return;
        }
        var configuration = ConfigurationOptions.Parse(cache.Redis);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = (int)Math.Max(cache.RedisTimeout.TotalMilliseconds * 4, 1000);
        configuration.AsyncTimeout = configuration.SyncTimeout = (int)cache.RedisTimeout.TotalMilliseconds;
        configuration.ClientName ??= "newsmesh-articles";
        // On two cores the client's own socket threads cost more than sharing the thread pool.
        configuration.SocketManager = SocketManager.ThreadPool;
        Connecting = ConnectionMultiplexer.ConnectAsync(configuration);
    }

    /// <summary>The connection being made, or null when no Redis is configured.</summary>
    public Task<ConnectionMultiplexer>? Connecting { get; }

    public async ValueTask DisposeAsync()
    {
        if (Connecting is { IsCompletedSuccessfully: true } connected)
        {
            await (await connected).DisposeAsync();
        }
    }
}
