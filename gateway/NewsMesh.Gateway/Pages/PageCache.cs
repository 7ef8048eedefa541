using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.ServiceDefaults.Concurrency;
using NewsMesh.ServiceDefaults.Text;

namespace NewsMesh.Gateway.Pages;

/// <summary>
/// Composed pages, kept for a moment (<c>Gateway:PageCacheDuration</c>, 1 s by default). A story that thousands
/// read at once is then composed about once a second instead of once a reader, and readers who arrive while it
/// is being composed share that work. Only complete pages are kept: one missing a part is composed again for the
/// next reader, so it heals as soon as the service is back. A change to a story shows within the duration.
/// With a duration of zero, every request composes its own page.
/// </summary>
public sealed class PageCache : IDisposable
{
    public const string MeterName = "NewsMesh.Gateway";

    private readonly PageComposer _composer;
    private readonly TimeSpan _duration;
    private readonly MemoryCache _pages;
    private readonly SingleFlight<ArticlePage> _composing = new();
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _composed;
    private readonly Counter<long> _hits;

    public PageCache(PageComposer composer, IOptions<GatewayOptions> options)
    {
        _composer = composer;
        _duration = options.Value.PageCacheDuration;
        _pages = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.PageCacheEntries });
        _composed = _meter.CreateCounter<long>("newsmesh.gateway.pages_composed", description: "Article pages composed from the services");
        _hits = _meter.CreateCounter<long>("newsmesh.gateway.page_cache_hits", description: "Article pages answered from the page cache");
    }

    public async Task<ArticlePage> GetAsync(GetArticlePageRequest request, DateTime callerDeadline, CancellationToken ct)
    {
        if (_duration == TimeSpan.Zero)
        {
            _composed.Add(1);
            return await _composer.ComposeAsync(request, callerDeadline, ct);
        }
        var key = string.Join('\n', request.Slug, TextRules.CanonicalLanguageTag(request.Lang), request.AspectRatio);
        if (_pages.TryGetValue(key, out ArticlePage? kept) && kept is not null)
        {
            _hits.Add(1);
            return kept;
        }
        // Shared work is not bound to one reader: it has the page's own deadline, and each reader waits at most
        // until its own deadline or cancellation.
        return await _composing.RunAsync(key, async () =>
        {
            _composed.Add(1);
            var page = await _composer.ComposeAsync(request, DateTime.MaxValue, CancellationToken.None);
            if (page.MissingParts.Count == 0)
            {
                _pages.Set(key, page, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _duration, Size = 1 });
            }
            return page;
        }, ct);
    }

    public void Dispose()
    {
        _pages.Dispose();
        _meter.Dispose();
    }
}
