using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Article.V1;
using ZiggyCreatures.Caching.Fusion;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// The hot reads: an article by id, and the id a slug belongs to, through the in-process level and Redis. One
/// loader per key per replica (stampede protection). Misses are remembered briefly, and every write evicts.
/// </summary>
public sealed partial class ArticleCache(
    IFusionCache cache, IOptions<ArticleCacheOptions> options, ArticleCacheMetrics metrics, ILogger<ArticleCache> logger)
{
    private static readonly TimeSpan MissDuration = TimeSpan.FromSeconds(2);
    private readonly ArticleCacheOptions _options = options.Value;
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Task, bool> _secondEvictions = new();

    public Task<Article?> GetAsync(string id, Func<CancellationToken, Task<Article?>> load, CancellationToken ct) =>
        GetOrLoadAsync(ArticleCacheKeys.Article(id), load, ct);

    /// <summary>The id of the article that has or had <paramref name="slug"/>; the article itself is then read by id, so a slug never serves old content.</summary>
    public Task<string?> GetIdBySlugAsync(string languageCode, string slug, Func<CancellationToken, Task<string?>> load, CancellationToken ct) =>
        GetOrLoadAsync(ArticleCacheKeys.Slug(languageCode, slug), load, ct);

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
        await RemoveAsync(keys, ct);
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

    private async Task SecondEvictionAsync(string id, string[] keys)
    {
        // Stopping: evict at once rather than never.
        await Task.WhenAny(Task.Delay(_options.SecondEviction, CancellationToken.None), _stopping.Task);
        try
        {
            await RemoveAsync(keys, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogSecondEvictionFailed(e, id);
        }
    }

    private async Task RemoveAsync(string[] keys, CancellationToken ct)
    {
        foreach (var key in keys)
        {
            await cache.RemoveAsync(key, EvictionOptions, ct);
        }
    }

    private async Task<T?> GetOrLoadAsync<T>(string key, Func<CancellationToken, Task<T?>> load, CancellationToken ct)
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
            var hit = await cache.TryGetAsync<T?>(key, ReadOptions, ct);
            if (hit.HasValue)
            {
                return hit.Value;
            }
        }
        return await cache.GetOrSetAsync<T?>(key, async (context, token) =>
        {
            metrics.DatabaseLoaded();
            var value = await load(token);
            if (value is null)
            {
                context.Options.Duration = MissDuration;
                context.Options.MemoryCacheDuration = MissDuration;
            }
            return value;
        }, ReadOptions, ct);
    }

    private FusionCacheEntryOptions ReadOptions => field ??= new FusionCacheEntryOptions
    {
        Duration = _options.Duration,
        MemoryCacheDuration = _options.MemoryDuration < _options.Duration ? _options.MemoryDuration : _options.Duration,
        SkipMemoryCacheRead = !_options.MemoryEnabled,
        SkipMemoryCacheWrite = !_options.MemoryEnabled,
        Size = 1,
        AllowBackgroundDistributedCacheOperations = true,
        AllowBackgroundBackplaneOperations = true,
    };

    /// <summary>Evictions wait for Redis (up to the client's timeout), so the write is acknowledged only after them.</summary>
    private FusionCacheEntryOptions EvictionOptions => field ??= new FusionCacheEntryOptions
    {
        AllowBackgroundDistributedCacheOperations = false,
        AllowBackgroundBackplaneOperations = false,
    };

    [LoggerMessage(LogLevel.Warning, "Second eviction of {Article} failed")]
    private partial void LogSecondEvictionFailed(Exception exception, string article);
}
