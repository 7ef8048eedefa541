using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Text;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.ServiceDefaults.Concurrency;

namespace NewsMesh.Gateway.Pages;

/// <summary>
/// Composed pages, kept until one of their parts changes (the change feeds say so, <see cref="FeedFollower"/>) or
/// for <c>Gateway:PageCacheDuration</c> (60 s by default) at most; while the gateway does not follow every feed, for
/// <see cref="UnfollowedDuration"/> only. A story that thousands read at once is then composed once per change
/// instead of once a reader, and readers who arrive while it is being composed share that work. A page composed
/// while a change to one of its parts arrived is not kept: it may have been made from what the change replaced. Once a kept page is older than the duration, for as long again it is still
/// answered at once while one composition in the background, started by the first reader to find it old,
/// replaces it, so no reader of a busy page waits for the services. Only complete pages are kept: while a part's service is down, the last complete page is
/// answered until it expires, then each reader gets a page composed without that part. With a duration of
/// zero, every request composes its own page. Only anonymous readers' pages are kept: a page is composed as an
/// anonymous reader sees it, so nothing in here is ever more than the public may see.
/// </summary>
public sealed partial class PageCache : IDisposable
{
    public const string MeterName = "NewsMesh.Gateway";

    /// <summary>How long pages are kept while a change could go unheard: the time a reader may see an old page.</summary>
    public static readonly TimeSpan UnfollowedDuration = TimeSpan.FromSeconds(1);

    private readonly PageComposer _composer;
    private readonly FeedState _feeds;
    private readonly TimeSpan _duration;

    /// <summary>The kept pages by surrogate key.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byKey = new(StringComparer.Ordinal);

    /// <summary>When each key was last evicted, counted in evictions; a composition compares it with the count at its start.</summary>
    private readonly ConcurrentDictionary<string, (long Count, DateTimeOffset At)> _evicted = new(StringComparer.Ordinal);

    private long _evictions;

    /// <summary>The eviction count when the cache was last emptied: no composition started before it is kept.</summary>
    private long _cleared;
    private readonly MemoryCache _pages;
    private readonly SingleFlight<ComposedPage> _composing = new();
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _clock;
    private readonly ILogger<PageCache> _logger;
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _composed;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _evictedPages;

    public PageCache(PageComposer composer, FeedState feeds, IOptions<GatewayOptions> options, TimeProvider clock, ILogger<PageCache> logger)
    {
        _composer = composer;
        _feeds = feeds;
        _duration = options.Value.PageCacheDuration;
        _timeout = options.Value.PageTimeout;
        _clock = clock;
        _logger = logger;
        _pages = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.PageCacheEntries });
        _composed = _meter.CreateCounter<long>("newsmesh.gateway.pages_composed", description: "Article pages composed from the services");
        _hits = _meter.CreateCounter<long>("newsmesh.gateway.page_cache_hits", description: "Article pages answered from the page cache");
        _evictedPages = _meter.CreateCounter<long>("newsmesh.gateway.page_cache_evictions", description: "Kept article pages let go because a change feed named one of their parts");
    }

    public async Task<ComposedPage> GetAsync(GetArticlePageRequest request, DateTime callerDeadline, CancellationToken ct)
    {
        if (_duration == TimeSpan.Zero)
        {
            _composed.Add(1);
            return await _composer.ComposeAsync(request, null, callerDeadline, ct);
        }
        var key = string.Join('\n', request.Slug, TextRules.CanonicalLanguageTag(request.Lang), request.AspectRatio);
        if (_pages.TryGetValue(key, out Kept? kept) && kept is not null)
        {
            _hits.Add(1);
            var now = _clock.GetUtcNow();
            if (now >= kept.FreshUntil && kept.ClaimRefresh())
            {
                _ = RefreshAsync(key, request);
            }
            return kept.AsOf(now);
        }
        // Each reader waits at most until its own deadline or cancellation; the shared work has the page's own.
        return await _composing.RunAsync(key, () => ComposeAndKeepAsync(key, request), ct);
    }

    private async Task<ComposedPage> ComposeAndKeepAsync(string key, GetArticlePageRequest request)
    {
        _composed.Add(1);
        var started = Interlocked.Read(ref _evictions);
        var duration = _feeds.Live ? _duration : UnfollowedDuration < _duration ? UnfollowedDuration : _duration;
        var page = await _composer.ComposeAsync(request, null, DateTime.MaxValue, CancellationToken.None);
        var now = _clock.GetUtcNow();
        // Just after a change to one of its parts, the services' own caches may still be letting go of the old
        // version (each replica's memory, a second eviction): such a page is kept only briefly.
        if (ChangedRecently(page.SurrogateKeys, now) && UnfollowedDuration < duration)
        {
            duration = UnfollowedDuration;
        }
        // Never kept past the moment the page changes by itself (a language version due, a photo's licence ending).
        var keep = page.MaxAge is { } limit && limit < 2 * duration ? limit : 2 * duration;
        if (page.Page.MissingParts.Count == 0 && keep > TimeSpan.Zero && !EvictedSince(started, page.SurrogateKeys))
        {
            var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = keep, Size = 1 };
            options.RegisterPostEvictionCallback(static (entry, value, reason, state) =>
            {
                // A replacement is indexed under the same key already.
                if (reason != EvictionReason.Replaced)
                {
                    ((PageCache)state!).Unindex((string)entry, ((Kept)value!).Page.SurrogateKeys);
                }
            }, this);
            foreach (var surrogate in page.SurrogateKeys)
            {
                _byKey.GetOrAdd(surrogate, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[key] = 0;
            }
            _pages.Set(key, new Kept(page, now, now + (keep < duration ? keep : duration)), options);
            // An eviction that ran while the page was being indexed may have missed it: it marked its keys first.
            if (EvictedSince(started, page.SurrogateKeys))
            {
                _pages.Remove(key);
            }
        }
        return page;
    }

    /// <summary>Lets go of every kept page made from one of <paramref name="surrogateKeys"/>.</summary>
    public void Evict(IEnumerable<string> surrogateKeys)
    {
        var count = Interlocked.Increment(ref _evictions);
        var now = _clock.GetUtcNow();
        foreach (var surrogate in surrogateKeys)
        {
            _evicted[surrogate] = (count, now);
            if (_byKey.TryRemove(surrogate, out var keys))
            {
                foreach (var key in keys.Keys)
                {
                    _pages.Remove(key);
                    _evictedPages.Add(1);
                }
            }
        }
        if (count % 256 == 0)
        {
            ForgetOldEvictions(now);
        }
    }

    /// <summary>Lets go of every kept page.</summary>
    public void Clear()
    {
        Interlocked.Exchange(ref _cleared, Interlocked.Increment(ref _evictions));
        _pages.Compact(1.0);
    }

    /// <summary>Whether the cache was emptied, or one of <paramref name="surrogateKeys"/> evicted, after the count was <paramref name="started"/>.</summary>
    private bool EvictedSince(long started, IEnumerable<string> surrogateKeys) =>
        Interlocked.Read(ref _cleared) > started
        || surrogateKeys.Any(k => _evicted.TryGetValue(k, out var evicted) && evicted.Count > started);

    /// <summary>How long after a change the services' own caches may still answer with what it replaced.</summary>
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(2);

    private bool ChangedRecently(IEnumerable<string> surrogateKeys, DateTimeOffset now) =>
        surrogateKeys.Any(k => _evicted.TryGetValue(k, out var evicted) && now - evicted.At < Settling);

    /// <summary>No composition lasts longer than its deadline, so evictions older than that can no longer matter.</summary>
    private void ForgetOldEvictions(DateTimeOffset now)
    {
        var horizon = now - (2 * _timeout > Settling ? 2 * _timeout : Settling);
        foreach (var (key, evicted) in _evicted)
        {
            if (evicted.At < horizon)
            {
                _evicted.TryRemove(KeyValuePair.Create(key, evicted));
            }
        }
    }

    private void Unindex(string key, IEnumerable<string> surrogateKeys)
    {
        foreach (var surrogate in surrogateKeys)
        {
            if (_byKey.TryGetValue(surrogate, out var keys) && keys.TryRemove(key, out _) && keys.IsEmpty)
            {
                _byKey.TryRemove(KeyValuePair.Create(surrogate, keys));
            }
        }
    }

    /// <summary>Replaces a kept page in the background; readers go on getting the kept one meanwhile.</summary>
    private async Task RefreshAsync(string key, GetArticlePageRequest request)
    {
        try
        {
            await _composing.RunAsync(key, () => ComposeAndKeepAsync(key, request), CancellationToken.None);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound)
        {
            // The story is gone (deleted, unpublished, its slug changed): no reader gets it from here again.
            _pages.Remove(key);
        }
        catch (RpcException e)
        {
            LogRefreshFailed(e, e.StatusCode);
        }
    }

    public void Dispose()
    {
        _pages.Dispose();
        _meter.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "A kept page could not be composed again ({Status}); it is answered until it expires")]
    private partial void LogRefreshFailed(Exception exception, StatusCode status);

    /// <summary>A kept page; the first reader to find it past its freshness starts its one refresh, the others just read it.</summary>
    private sealed class Kept(ComposedPage page, DateTimeOffset composedAt, DateTimeOffset freshUntil)
    {
        private int _refreshClaimed;

        /// <summary>The page as of <paramref name="now"/>: its own limit, if it has one, less the time it has been kept.</summary>
        public ComposedPage AsOf(DateTimeOffset now) => Page.MaxAge is { } limit
            ? Page with { MaxAge = limit > now - composedAt ? limit - (now - composedAt) : TimeSpan.Zero }
            : Page;

        public DateTimeOffset FreshUntil { get; } = freshUntil;

        public ComposedPage Page { get; } = page;

        public bool ClaimRefresh() => Interlocked.Exchange(ref _refreshClaimed, 1) == 0;
    }
}
