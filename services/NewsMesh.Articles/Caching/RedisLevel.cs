using System.Collections.Concurrent;
using StackExchange.Redis;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// The cache's second level: plain Redis strings, each read with one GET into a pooled buffer. It never fails a
/// request: with no Redis configured, Redis away, or a command past <c>Cache:RedisTimeout</c>, a read is a miss and a
/// write is skipped; after a failure Redis is left alone for <see cref="BreakFor"/>. An eviction that Redis could not
/// take is kept and made again as soon as Redis is back, and until then that key is neither read nor written, so that
/// the value it held is never served again.
/// </summary>
public sealed partial class RedisLevel : IDisposable
{
    private static readonly TimeSpan BreakFor = TimeSpan.FromSeconds(2);
    private readonly Task<ConnectionMultiplexer>? _connecting;
    /// <summary>Keys whose eviction Redis missed, each with the number of the last attempt, so a retry clears only what it made.</summary>
    private readonly ConcurrentDictionary<string, long> _unevicted = new(StringComparer.Ordinal);
    private long _attempts;
    private readonly ILogger<RedisLevel> _logger;
    private readonly Timer _retry;
    private long _brokenUntil;

    public RedisLevel(RedisConnection connection, ILogger<RedisLevel> logger)
    {
        _connecting = connection.Connecting;
        _logger = logger;
        _retry = new Timer(_ => _ = EvictAgainAsync(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public bool Enabled => _connecting is not null;

    /// <summary>The value under <paramref name="key"/>, given to <paramref name="read"/> while its buffer is held; default on a miss.</summary>
    public async ValueTask<T?> GetAsync<T>(string key, Func<ReadOnlyMemory<byte>, T> read)
    {
        if (Database() is not { } database || _unevicted.ContainsKey(key))
        {
            return default;
        }
        try
        {
            using var lease = await database.StringGetLeaseAsync(Key(key));
            return lease is null ? default : read(lease.Memory);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            Break(e);
            return default;
        }
    }

    /// <summary>Puts <paramref name="value"/> under <paramref name="key"/> for <paramref name="duration"/>, without waiting for Redis.</summary>
    public void Set(string key, byte[] value, TimeSpan duration)
    {
        if (Database() is not { } database || _unevicted.ContainsKey(key))
        {
            return;
        }
        try
        {
            database.StringSet(Key(key), value, duration, flags: CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            Break(e);
        }
    }

    /// <summary>Removes <paramref name="keys"/>, waiting for Redis (up to its timeout); what it could not remove is removed once it is back.</summary>
    public async Task RemoveAsync(IReadOnlyCollection<string> keys)
    {
        if (_connecting is null)
        {
            return;
        }
        try
        {
            // Not through the breaker: an eviction is tried whenever the connection is up.
            var connection = _connecting.IsCompletedSuccessfully ? _connecting.Result : throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "not connected yet");
            await connection.GetDatabase().KeyDeleteAsync([.. keys.Select(Key)]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            foreach (var key in keys)
            {
                _unevicted[key] = attempt;
            }
            LogEvictionDeferred(e, keys.Count);
            _retry.Change(BreakFor, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task EvictAgainAsync()
    {
        var pending = _unevicted.ToList();
        var keys = pending.Select(p => p.Key).ToList();
        if (keys.Count == 0 || _connecting is not { IsCompletedSuccessfully: true } connected)
        {
            _retry.Change(BreakFor, Timeout.InfiniteTimeSpan);
            return;
        }
        try
        {
            await connected.Result.GetDatabase().KeyDeleteAsync([.. keys.Select(Key)]);
            foreach (var made in pending)
            {
                // An eviction of the same key that failed meanwhile is left for the next try.
                _unevicted.TryRemove(made);
            }
            LogEvictedAgain(keys.Count);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException)
        {
            _retry.Change(BreakFor, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private static RedisKey Key(string key) => ArticleCacheKeys.Prefix + key;

    private IDatabase? Database()
    {
        if (_connecting is not { IsCompletedSuccessfully: true } connected || Environment.TickCount64 < Volatile.Read(ref _brokenUntil))
        {
            return null;
        }
        return connected.Result.GetDatabase();
    }

    private void Break(Exception e)
    {
        Volatile.Write(ref _brokenUntil, Environment.TickCount64 + (long)BreakFor.TotalMilliseconds);
        LogRedisFailed(e.Message);
    }

    public void Dispose() => _retry.Dispose();

    [LoggerMessage(LogLevel.Warning, "Redis failed ({Reason}); the cache goes on without it for two seconds")]
    private partial void LogRedisFailed(string reason);

    [LoggerMessage(LogLevel.Warning, "Redis could not take an eviction of {Count} keys; they are not read from Redis until it is made")]
    private partial void LogEvictionDeferred(Exception exception, int count);

    [LoggerMessage(LogLevel.Information, "The {Count} evictions Redis missed are made")]
    private partial void LogEvictedAgain(int count);
}
