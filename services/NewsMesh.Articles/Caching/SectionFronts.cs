using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NewsMesh.Articles.Data;
using NewsMesh.Articles.Domain;
using NewsMesh.Contracts;
using NewsMesh.ServiceDefaults.Concurrency;
using NewsMesh.Storage.Documents;
using ZiggyCreatures.Caching.Fusion;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// The fronts, cached: the first page of a language's newest published articles, in one section or in all. Held in
/// memory and Redis as the articles' stored bytes (<see cref="CachedFront"/>), loaded once per key per replica, and
/// judged on every read against the change feed, which every replica follows (<see cref="FrontFeedFollower"/>): a
/// front read before the last change that names it is stale, wherever it was kept, and so is one whose next
/// scheduled article is due (<see cref="CachedFront.Until"/>). Until the follower has started, nothing kept is trusted.
/// </summary>
public sealed class SectionFronts(
    IFusionCache cache, IServiceScopeFactory scopes, IOptions<ArticleCacheOptions> options, ArticleCacheMetrics metrics, TimeProvider clock)
{
    private readonly ArticleCacheOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, long> _changedAt = new(StringComparer.Ordinal);
    private readonly SingleFlight<CachedFront> _loads = new();
    private long _trustedFrom = long.MaxValue;

    /// <summary>Whether a list request is a front this cache keeps: the first page of published articles in a language, by section or not, no other filter.</summary>
    public bool Caches(ArticleFilter filter, bool firstPage, int pageSize) =>
        _options.Enabled && _options.FrontDepth > 0 && firstPage && pageSize <= _options.FrontDepth
        && filter is { State: (int)State.Published, LanguageCode.Length: > 0, Label.Length: 0, TranslationGroup.Length: 0, StaleTranslations: false };

    /// <summary>The surrogate key every change to what the front holds names (see <see cref="SurrogateKeys.Of"/>).</summary>
    public static string KeyOf(ArticleFilter filter) =>
        filter.Section.Length > 0 ? SurrogateKeys.Section(filter.Section, filter.LanguageCode) : SurrogateKeys.Front(filter.LanguageCode);

    public async ValueTask<CachedFront> GetAsync(ArticleFilter filter, CancellationToken ct)
    {
        var surrogate = KeyOf(filter);
        var key = "front:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(surrogate)))[..32];
        var kept = await cache.TryGetAsync<CachedFront>(key, ReadOptions, ct);
        if (kept.HasValue && Holds(kept.Value, surrogate))
        {
            return kept.Value;
        }
        // A load already under way may have read the feed's head before a change this caller was told of (its own
        // write): its front does not hold, and the next load, which starts after it, is waited for instead.
        CachedFront front;
        var attempts = 0;
        do
        {
            front = await _loads.RunAsync(key, () => LoadAsync(key, filter, surrogate), ct);
        }
        while (!Holds(front, surrogate) && ++attempts < 3);
        return front;
    }

    /// <summary>Redis first, where another replica may have put the front since the change; the database when Redis holds none that holds.</summary>
    private async Task<CachedFront> LoadAsync(string key, ArticleFilter filter, string surrogate)
    {
        var stored = await cache.TryGetAsync<CachedFront>(key, RedisOnly, CancellationToken.None);
        if (stored.HasValue && Holds(stored.Value, surrogate))
        {
            if (_options.MemoryEnabled)
            {
                await cache.SetAsync(key, stored.Value, WriteOptions(stored.Value, toRedis: false), CancellationToken.None);
            }
            return stored.Value;
        }
        metrics.DatabaseLoaded();
        await using var scope = scopes.CreateAsyncScope();
        var front = await scope.ServiceProvider.GetRequiredService<ArticleStore>().FrontAsync(filter, _options.FrontDepth, CancellationToken.None);
        if (Holds(front, surrogate))
        {
            await cache.SetAsync(key, front, WriteOptions(front, toRedis: true), CancellationToken.None);
        }
        return front;
    }

    /// <summary>Changes up to <paramref name="sequence"/> named <paramref name="keys"/>: the fronts they name, read before, no longer hold.</summary>
    public void Changed(IEnumerable<string> keys, long sequence)
    {
        foreach (var key in keys)
        {
            if (key.StartsWith("section:", StringComparison.Ordinal) || key.StartsWith("front:", StringComparison.Ordinal))
            {
                _changedAt.AddOrUpdate(key, sequence, (_, known) => Math.Max(known, sequence));
            }
        }
    }

    /// <summary>The follower starts (again) at <paramref name="head"/>: what it may have missed before, it cannot tell, so only fronts read after are trusted.</summary>
    public void FollowingFrom(long head) => Volatile.Write(ref _trustedFrom, head);

    /// <summary>The follower stopped: no change reaches this replica now, so nothing kept is trusted.</summary>
    public void NotFollowing() => Volatile.Write(ref _trustedFrom, long.MaxValue);

    private bool Holds(CachedFront front, string surrogate) =>
        front.LoadedAt >= Volatile.Read(ref _trustedFrom)
        && front.LoadedAt >= _changedAt.GetValueOrDefault(surrogate)
        && (front.Until is not { } until || until > Versions.Micros(clock.GetUtcNow()));

    private FusionCacheEntryOptions ReadOptions => field ??= new FusionCacheEntryOptions
    {
        SkipMemoryCacheRead = !_options.MemoryEnabled,
    };

    private static readonly FusionCacheEntryOptions RedisOnly = new() { SkipMemoryCacheRead = true, SkipMemoryCacheWrite = true };

    /// <summary>Kept no longer than until its next scheduled article is due; the feed, not the backplane, tells replicas of changes.</summary>
    private FusionCacheEntryOptions WriteOptions(CachedFront front, bool toRedis)
    {
        var duration = front.Until is { } until ? ArticleLifecycle.KeepUntil(Versions.FromMicros(until), clock.GetUtcNow()) : _options.Duration;
        return new FusionCacheEntryOptions
        {
            Duration = duration < _options.Duration ? duration : _options.Duration,
            MemoryCacheDuration = duration < _options.MemoryDuration ? duration : _options.MemoryDuration,
            SkipMemoryCacheWrite = !_options.MemoryEnabled,
            SkipDistributedCacheWrite = !toRedis,
            SkipBackplaneNotifications = true,
            // The articles, and the encoded pages kept beside them (CachedFront.KeptPages at most).
            Size = Math.Max(1, front.Items.Count * (1 + CachedFront.KeptPages)),
        };
    }
}
