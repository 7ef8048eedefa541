using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ZiggyCreatures.Caching.Fusion;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// The hot reads: an article by id, and the id a slug belongs to. FusionCache holds the in-process level, gives one
/// loader per key per replica (stampede protection) and carries evictions to every replica's memory over its Redis
/// backplane; Redis itself is read and written directly (<see cref="RedisLevel"/>), one GET per miss of memory, with
/// the article's stored bytes in the value. Misses are remembered briefly, and every write evicts.
/// </summary>
public sealed partial class ArticleCache(
    IFusionCache cache, RedisLevel redis, IOptions<ArticleCacheOptions> options, ArticleCacheMetrics metrics, ILogger<ArticleCache> logger)
{
    private static readonly TimeSpan MissDuration = TimeSpan.FromSeconds(2);
    private readonly ArticleCacheOptions _options = options.Value;
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Task, bool> _secondEvictions = new();

    public ValueTask<EncodedArticle?> GetAsync(string id, Func<CancellationToken, Task<EncodedArticle?>> load, CancellationToken ct) =>
        GetOrLoadAsync(ArticleCacheKeys.Article(id), load, ArticleCacheKeys.DecodeArticle, ArticleCacheKeys.Encode, ct);

    /// <summary>The id of the article that has or had <paramref name="slug"/>; the article itself is then read by id, so a slug never serves old content.</summary>
    public ValueTask<string?> GetIdBySlugAsync(string languageCode, string slug, Func<CancellationToken, Task<string?>> load, CancellationToken ct) =>
        GetOrLoadAsync(ArticleCacheKeys.Slug(languageCode, slug), load, ArticleCacheKeys.DecodeId, ArticleCacheKeys.Encode, ct);

    /// <summary>
    /// Removes the article and the slugs a write touched from every level, and (through the backplane) from
    /// every replica's memory, before the write is acknowledged. Callers pass <see cref="CancellationToken.None"/>
    /// once the write is committed: a cancelled request must not leave a stale entry behind. A second eviction a moment later removes a stale
    /// value that a read racing with the write may have put back.
    /// </summary>
    public async Task EvictAsync(string id, IEnumerable<(string LanguageCode, string Slug)> slugs, CancellationToken ct)
    {
        if (!_options.Enabled)
        {
            return;
        }
        string[] keys = [ArticleCacheKeys.Article(id), .. slugs.Select(s => ArticleCacheKeys.Slug(s.LanguageCode, s.Slug))];
        await EvictKeysAsync(keys, ct);
        var second = Task.Run(() => SecondEvictionAsync(id, keys), CancellationToken.None);
        _secondEvictions.TryAdd(second, true);
        _ = second.ContinueWith(done => _secondEvictions.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Makes the second evictions still waiting now, and waits for them: the service is stopping, and the cache they
    /// need goes with it. Called before the cache is disposed (see <see cref="SecondEvictionsOnStop"/>).
    /// </summary>
    public async Task FinishSecondEvictionsAsync()
    {
        _stopping.TrySetResult();
        await Task.WhenAll(_secondEvictions.Keys);
    }

    /// <summary>Removes <paramref name="keys"/> from Redis and from every replica's memory.</summary>
    public async Task EvictKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        await redis.RemoveAsync(keys);
        foreach (var key in keys)
        {
            await cache.RemoveAsync(key, EvictionOptions, ct);
        }
    }

    private async Task SecondEvictionAsync(string id, string[] keys)
    {
        // Stopping: evict at once rather than never.
        await Task.WhenAny(Task.Delay(_options.SecondEviction, CancellationToken.None), _stopping.Task);
        try
        {
            await EvictKeysAsync(keys, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogSecondEvictionFailed(e, id);
        }
    }

    /// <summary>
    /// Memory, then Redis, then (one loader per key) Redis again and the database. What the database gave goes to Redis
    /// without waiting for it; a value read from Redis is never written back.
    /// </summary>
    private async ValueTask<T?> GetOrLoadAsync<T>(
        string key, Func<CancellationToken, Task<T?>> load, Func<ReadOnlyMemory<byte>, Found<T>> decode, Func<T?, byte[]> encode, CancellationToken ct)
        where T : class
    {
        if (!_options.Enabled)
        {
            metrics.DatabaseLoaded();
            return await load(ct);
        }
        if (!_options.MemoryEnabled)
        {
            // Without the memory level every read would otherwise queue on the key's loader lock to read Redis;
            // a plain read goes first, and only a miss takes the lock (still one database load per replica).
            var hit = await redis.GetAsync(key, decode);
            if (hit.Hit)
            {
                metrics.RedisHit();
                return hit.Value;
            }
        }
        return await cache.GetOrSetAsync<T?>(key, async (context, token) =>
        {
            var stored = await redis.GetAsync(key, decode);
            if (stored.Hit)
            {
                metrics.RedisHit();
                Remember(context, stored.Value);
                return stored.Value;
            }
            metrics.DatabaseLoaded();
            var value = await load(token);
            Remember(context, value);
            redis.Set(key, encode(value), value is null ? MissDuration : _options.Duration);
            return value;
        }, ReadOptions, ct);
    }

    private static void Remember<T>(FusionCacheFactoryExecutionContext<T?> context, T? value) where T : class
    {
        if (value is null)
        {
            context.Options.Duration = MissDuration;
        }
    }

    /// <summary>A load puts in memory what the database or Redis holds now: nothing another replica needs to hear of.</summary>
    private FusionCacheEntryOptions ReadOptions => field ??= new FusionCacheEntryOptions
    {
        Duration = _options.MemoryDuration < _options.Duration ? _options.MemoryDuration : _options.Duration,
        SkipMemoryCacheRead = !_options.MemoryEnabled,
        SkipMemoryCacheWrite = !_options.MemoryEnabled,
        SkipDistributedCacheRead = true,
        SkipDistributedCacheWrite = true,
        SkipBackplaneNotifications = true,
        Size = 1,
    };

    /// <summary>Evictions wait for the backplane, so the write is acknowledged only after them.</summary>
    private FusionCacheEntryOptions EvictionOptions => field ??= new FusionCacheEntryOptions
    {
        SkipDistributedCacheRead = true,
        SkipDistributedCacheWrite = true,
        AllowBackgroundBackplaneOperations = false,
    };

    [LoggerMessage(LogLevel.Warning, "Second eviction of {Article} failed")]
    private partial void LogSecondEvictionFailed(Exception exception, string article);
}
