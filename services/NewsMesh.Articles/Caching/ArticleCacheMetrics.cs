using System.Diagnostics.Metrics;
using ZiggyCreatures.Caching.Fusion;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// Counts what the cache does, from FusionCache's events and the article reads of Redis: in-process hits, Redis hits, misses of both levels,
/// database loads and backplane messages. Exported as <c>newsmesh_article_cache_*</c> on <c>/metrics</c>.
/// </summary>
public sealed class ArticleCacheMetrics : IDisposable
{
    public const string MeterName = "NewsMesh.Articles.Cache";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _memoryHits;
    private readonly Counter<long> _redisHits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _loads;
    private readonly Counter<long> _backplane;
    private long _memoryHitCount, _redisHitCount, _loadCount;

    public ArticleCacheMetrics(IFusionCache cache)
    {
        _memoryHits = _meter.CreateCounter<long>("newsmesh.article_cache.l1_hits", description: "Reads answered by the in-process cache");
        _redisHits = _meter.CreateCounter<long>("newsmesh.article_cache.l2_hits", description: "Reads answered by Redis");
        _misses = _meter.CreateCounter<long>("newsmesh.article_cache.misses", description: "Reads that no cache level could answer");
        _loads = _meter.CreateCounter<long>("newsmesh.article_cache.database_loads", description: "Reads that went to the database");
        _backplane = _meter.CreateCounter<long>("newsmesh.article_cache.backplane_messages", description: "Backplane messages, by direction");

        cache.Events.Memory.Hit += (_, _) => Count(_memoryHits, ref _memoryHitCount);
        cache.Events.Distributed.Hit += (_, _) => Count(_redisHits, ref _redisHitCount);
        cache.Events.Miss += (_, _) => _misses.Add(1);
        cache.Events.Backplane.MessageReceived += (_, _) => _backplane.Add(1, new KeyValuePair<string, object?>("direction", "received"));
        cache.Events.Backplane.MessagePublished += (_, _) => _backplane.Add(1, new KeyValuePair<string, object?>("direction", "published"));
    }

    public long MemoryHits => Interlocked.Read(ref _memoryHitCount);
    public long RedisHits => Interlocked.Read(ref _redisHitCount);
    public long DatabaseLoads => Interlocked.Read(ref _loadCount);

    public void DatabaseLoaded() => Count(_loads, ref _loadCount);

    /// <summary>Articles are read from Redis beside FusionCache (<see cref="RedisLevel"/>), which counts only the fronts' hits.</summary>
    public void RedisHit() => Count(_redisHits, ref _redisHitCount);

    public void Dispose() => _meter.Dispose();

    private static void Count(Counter<long> counter, ref long total)
    {
        Interlocked.Increment(ref total);
        counter.Add(1);
    }
}
