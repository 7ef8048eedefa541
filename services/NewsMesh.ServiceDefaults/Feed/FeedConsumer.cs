using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.ServiceDefaults.Feed;

/// <summary>
/// Follows the content services' change feeds (<see cref="Feeds.Content"/>) with this process's own token, one
/// stream each, and hands every change to <see cref="OnChangeAsync"/> in feed order. A stream that breaks, or a
/// handler that fails, is resumed from the last change handled, after a delay that doubles up to half a minute
/// while it keeps failing; so a change is handled at least once, and twice only around such a failure. Where a
/// feed is started from (<see cref="StartAsync"/>) is the consumer's: now, or a cursor it stored.
/// </summary>
public abstract partial class FeedConsumer(ServiceToken token, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>A caller of the service that keeps <paramref name="feed"/>, or null while none can be reached.</summary>
    protected abstract CallInvoker? InvokerFor(string feed);

    /// <summary>The cursor to resume <paramref name="feed"/> after when the process starts; null: from now.</summary>
    protected virtual Task<string?> StartAsync(string feed, CancellationToken ct) => Task.FromResult<string?>(null);

    /// <summary>
    /// Handles one change; when it returns, the change counts as handled. A consumer that stores its position stores
    /// the change's cursor with what it did.
    /// </summary>
    protected abstract Task OnChangeAsync(string feed, Change change, CancellationToken ct);

    /// <summary>
    /// A position with no change: where a stream from now starts, or a quiet stream's heartbeat. A consumer that
    /// stores its position stores this one too, so that it neither starts from now again nor outlives the retention.
    /// </summary>
    protected virtual Task OnPositionAsync(string feed, string cursor, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The stream of <paramref name="feed"/> is up (<paramref name="live"/>) or broken.</summary>
    protected virtual void OnLive(string feed, bool live)
    {
    }

    /// <summary>
    /// The feed no longer holds the cursor: changes were missed for good. Returns the cursor to follow on after (one the
    /// consumer took before it made up for what it missed), or null to follow from now.
    /// </summary>
    protected abstract Task<string?> OnCursorExpiredAsync(string feed, CancellationToken ct);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Feeds.Content.Select(feed => FollowAsync(feed.Name, feed.Service, stoppingToken)));

    private async Task FollowAsync(string feed, ServiceDescriptor service, CancellationToken stop)
    {
        var method = Feeds.Watch(service);
        var delay = FirstRetryDelay;
        string? cursor = null;
        var started = false;
        var expired = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!started)
                {
                    cursor = await StartAsync(feed, stop);
                    started = true;
                }
                if (expired)
                {
                    // Retried, like any failure, until it is done: only then is following from now right.
                    cursor = await OnCursorExpiredAsync(feed, stop);
                    expired = false;
                }
                if (InvokerFor(feed) is { } invoker)
                {
                    await foreach (var next in WatchAsync(feed, invoker, method, cursor, stop))
                    {
                        cursor = next;
                        delay = FirstRetryDelay;
                    }
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.OutOfRange)
            {
                LogCursorExpired(feed);
                cursor = null;
                expired = true;
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or RpcException)
            {
                return;
            }
            catch (Exception e)
            {
                // The stream broke or was refused, no token could be had, the position could not be read, or the
                // handler failed: resume after a while.
                LogFollowBroken(e, feed, (e as RpcException)?.StatusCode.ToString() ?? e.GetType().Name);
            }
            OnLive(feed, false);
            try
            {
                await Task.Delay(delay, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
        }
    }

    /// <summary>The cursor after each event handled, until the stream ends.</summary>
    private async IAsyncEnumerable<string> WatchAsync(
        string feed, CallInvoker invoker, Method<WatchChangesRequest, WatchChangesResponse> method, string? cursor,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken stop)
    {
        var headers = new Metadata();
        if (await token.GetAsync(stop) is { } bearer)
        {
            headers.Add("authorization", "Bearer " + bearer);
        }
        using var watch = invoker.AsyncServerStreamingCall(method, null, new CallOptions(headers, cancellationToken: stop),
            new WatchChangesRequest { After = cursor ?? "" });
        if ((await watch.ResponseHeadersAsync).GetValue(FeedHeaders.Start) is not { } start)
        {
            // Refused: the status follows, as an exception.
            await watch.ResponseStream.MoveNext(stop);
            yield break;
        }
        if (cursor is null)
        {
            await OnPositionAsync(feed, start, stop);
            yield return start;
        }
        OnLive(feed, true);
        while (await watch.ResponseStream.MoveNext(stop))
        {
            var current = watch.ResponseStream.Current;
            if (current.Change is { } change)
            {
                await OnChangeAsync(feed, change, stop);
                yield return change.Cursor;
            }
            else if (current.Heartbeat is { } heartbeat)
            {
                await OnPositionAsync(feed, heartbeat.Cursor, stop);
                yield return heartbeat.Cursor;
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Following the {Feed} change feed broke ({Reason}); resuming from the last change handled")]
    private partial void LogFollowBroken(Exception exception, string feed, string reason);

    [LoggerMessage(LogLevel.Error, "The {Feed} change feed no longer holds this consumer's cursor: changes were missed; following again from now")]
    private partial void LogCursorExpired(string feed);
}
