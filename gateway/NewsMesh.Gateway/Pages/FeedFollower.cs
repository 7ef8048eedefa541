using System.Collections.Concurrent;
using Grpc.Core;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Gateway.Proxy;
using NewsMesh.ServiceDefaults.Feed;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Gateway.Pages;

/// <summary>Whether the gateway hears of every change right now: only then may it keep pages until they change.</summary>
public sealed class FeedState
{
    private readonly ConcurrentDictionary<string, bool> _live = new(StringComparer.Ordinal);

    public bool Live => ChangeFeeds.Services.All(s => _live.GetValueOrDefault(s));

    public void Set(string service, bool live) => _live[service] = live;
}

/// <summary>
/// Follows the change feeds of the services a page is made from and evicts the kept pages each change touches. The
/// position is kept in memory only: a stream that breaks is resumed from it, so the changes made meanwhile evict
/// too, and a restarted gateway starts with no pages. While any feed is not followed, pages are kept only briefly
/// (<see cref="PageCache"/>). A cursor the feed no longer knows empties the cache.
/// </summary>
public sealed partial class FeedFollower(ServiceChannels channels, ServiceToken token, PageCache pages, FeedState state, ILogger<FeedFollower> logger)
    : FeedConsumer(token, logger)
{
    protected override CallInvoker? InvokerFor(string feed) => channels.For(feed)?.CreateCallInvoker();

    protected override Task OnChangeAsync(string feed, Change change, CancellationToken ct)
    {
        pages.Evict(change.SurrogateKeys);
        return Task.CompletedTask;
    }

    protected override void OnLive(string feed, bool live) => state.Set(feed, live);

    protected override Task<string?> OnCursorExpiredAsync(string feed, CancellationToken ct)
    {
        // Changes were missed for good: nothing kept can be trusted.
        pages.Clear();
        return Task.FromResult<string?>(null);
    }
}
