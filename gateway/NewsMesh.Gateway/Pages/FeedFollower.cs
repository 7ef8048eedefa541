using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Net.Client;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Gateway.Proxy;
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
/// Follows the change feeds of the services a page is made from, with the gateway's own token, and evicts the kept
/// pages each change touches. A stream that breaks is resumed from its last cursor, so the changes made meanwhile
/// evict too; while any feed is not followed, pages are kept only briefly (<see cref="PageCache"/>). A cursor the
/// feed no longer knows empties the cache.
/// </summary>
public sealed partial class FeedFollower(ServiceChannels channels, ServiceToken token, PageCache pages, FeedState state, ILogger<FeedFollower> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ChangeFeeds.Services.Select(service => FollowAsync(service, stoppingToken)));

    private async Task FollowAsync(string service, CancellationToken stop)
    {
        // Moved on by every event, so that a stream that breaks is resumed where it broke.
        var cursor = new StrongBox<string?>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (channels.For(service) is { } channel)
                {
                    await WatchAsync(service, channel, cursor, stop);
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.OutOfRange)
            {
                // Changes were missed for good: nothing kept can be trusted.
                cursor.Value = null;
                pages.Clear();
                LogResynchronised(service);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e)
            {
                LogWatchBroken(e, service, e.StatusCode);
            }
            catch (Exception e)
            {
                // No token could be had (the issuer is down), or the connection failed outside gRPC: try again.
                LogWatchBroken(e, service, StatusCode.Unavailable);
            }
            state.Set(service, false);
            try
            {
                await Task.Delay(RetryDelay, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Watches until the stream breaks, keeping <paramref name="cursor"/> at the last event.</summary>
    private async Task WatchAsync(string service, GrpcChannel channel, StrongBox<string?> cursor, CancellationToken stop)
    {
        var headers = new Metadata();
        if (await token.GetAsync(stop) is { } bearer)
        {
            headers.Add("authorization", "Bearer " + bearer);
        }
        var request = new WatchChangesRequest { After = cursor.Value ?? "" };
        var options = new CallOptions(headers, cancellationToken: stop);
        using var watch = service switch
        {
            "articles" => new ArticleService.ArticleServiceClient(channel).WatchChanges(request, options),
            "authors" => new AuthorService.AuthorServiceClient(channel).WatchChanges(request, options),
            _ => new MediaService.MediaServiceClient(channel).WatchChanges(request, options),
        };
        if ((await watch.ResponseHeadersAsync).GetValue(FeedHeaders.Start) is not { } start)
        {
            // Refused: the status follows.
            await watch.ResponseStream.MoveNext(stop);
            return;
        }
        cursor.Value ??= start;
        state.Set(service, true);
        while (await watch.ResponseStream.MoveNext(stop))
        {
            var current = watch.ResponseStream.Current;
            if (current.Change is { } change)
            {
                pages.Evict(change.SurrogateKeys);
                cursor.Value = change.Cursor;
            }
            else if (current.Heartbeat is { } heartbeat)
            {
                cursor.Value = heartbeat.Cursor;
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "The {Service} change feed broke ({Status}); kept pages expire soon until it is back")]
    private partial void LogWatchBroken(Exception exception, string service, StatusCode status);

    [LoggerMessage(LogLevel.Warning, "The {Service} change feed no longer holds the gateway's cursor; the page cache was emptied")]
    private partial void LogResynchronised(string service);
}
