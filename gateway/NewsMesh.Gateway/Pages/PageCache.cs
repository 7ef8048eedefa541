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
/// Composed pages, kept for a moment (<c>Gateway:PageCacheDuration</c>, 1 s by default). A story that thousands
/// read at once is then composed about once a second instead of once a reader, and readers who arrive while it
/// is being composed share that work. Once a kept page is older than the duration, for as long again it is still
/// answered at once while one composition in the background, started by the first reader to find it old,
/// replaces it, so no reader of a busy page waits for the services. Only complete pages are kept: while a part's service is down, the last complete page is
/// answered until it expires, then each reader gets a page composed without that part. With a duration of
/// zero, every request composes its own page. Only anonymous readers' pages are kept: a page is composed as an
/// anonymous reader sees it, so nothing in here is ever more than the public may see.
/// </summary>
public sealed partial class PageCache : IDisposable
{
    public const string MeterName = "NewsMesh.Gateway";

    private readonly PageComposer _composer;
    private readonly TimeSpan _duration;
    private readonly MemoryCache _pages;
    private readonly SingleFlight<ComposedPage> _composing = new();
    private readonly TimeProvider _clock;
    private readonly ILogger<PageCache> _logger;
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _composed;
    private readonly Counter<long> _hits;

    public PageCache(PageComposer composer, IOptions<GatewayOptions> options, TimeProvider clock, ILogger<PageCache> logger)
    {
        _composer = composer;
        _duration = options.Value.PageCacheDuration;
        _clock = clock;
        _logger = logger;
        _pages = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.PageCacheEntries });
        _composed = _meter.CreateCounter<long>("newsmesh.gateway.pages_composed", description: "Article pages composed from the services");
        _hits = _meter.CreateCounter<long>("newsmesh.gateway.page_cache_hits", description: "Article pages answered from the page cache");
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
        var page = await _composer.ComposeAsync(request, null, DateTime.MaxValue, CancellationToken.None);
        // Never kept past the moment the page changes by itself (a language version due, a photo's licence ending).
        var keep = page.MaxAge is { } limit && limit < 2 * _duration ? limit : 2 * _duration;
        if (page.Page.MissingParts.Count == 0 && keep > TimeSpan.Zero)
        {
            var now = _clock.GetUtcNow();
            _pages.Set(key, new Kept(page, now, now + (keep < _duration ? keep : _duration)),
                new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = keep, Size = 1 });
        }
        return page;
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
        public ComposedPage AsOf(DateTimeOffset now) => page.MaxAge is { } limit
            ? page with { MaxAge = limit > now - composedAt ? limit - (now - composedAt) : TimeSpan.Zero }
            : page;

        public DateTimeOffset FreshUntil { get; } = freshUntil;

        public bool ClaimRefresh() => Interlocked.Exchange(ref _refreshClaimed, 1) == 0;
    }
}
