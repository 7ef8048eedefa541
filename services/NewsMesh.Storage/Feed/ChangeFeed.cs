using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsMesh.Aip;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults.Identity;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace NewsMesh.Storage.Feed;

/// <summary>
/// ListChanges and WatchChanges of one service, over its outbox. A reader is told of a change only when its role
/// may know of it (<see cref="ChangeAudience"/>). A watch first replays what follows its cursor from the database,
/// then takes the broadcast from the position it subscribed at, so nothing falls between the two and nothing comes
/// twice.
/// </summary>
public sealed class ChangeFeed(
    FeedCursors cursors, ChangeBroadcaster broadcaster, IServiceScopeFactory scopes, FeedDatabase database,
    IOptions<FeedOptions> options, TimeProvider clock, FeedResources resources)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public async Task<ListChangesResponse> ListAsync(ListChangesRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var filter = Filter(context, request.ResourceTypes, request.Kinds, violations);
        if (request.PageSize < 0)
        {
            violations.Add(new FieldViolation("page_size", "must not be negative"));
        }
        var after = Position(request.After, violations);
        RpcErrors.ThrowIfAny(violations);
        var size = request.PageSize == 0 ? DefaultPageSize : Math.Min(request.PageSize, MaxPageSize);
        var ct = context.CancellationToken;

        await using var scope = scopes.CreateAsyncScope();
        var log = new ChangeLog(database.Of(scope.ServiceProvider));
        var head = await log.HeadAsync(ct);
        var position = after is null ? (await log.OldestAsync(ct) is { } oldest ? oldest - 1 : head) : await CheckAsync(after, head, log, ct);
        var rows = await log.ReadAsync(position, head, filter, size + 1, ct);
        var now = clock.GetUtcNow();
        var page = rows.Take(size).Select(r => ChangeLog.Read(r, cursors, now)).ToList();
        var more = rows.Count > size;
        return new ListChangesResponse
        {
            Changes = { page },
            NextCursor = more ? page[^1].Cursor : cursors.Issue(new FeedPosition(head, now)),
            More = more,
        };
    }

    public async Task WatchAsync(WatchChangesRequest request, IServerStreamWriter<WatchChangesResponse> stream, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var filter = Filter(context, request.ResourceTypes, request.Kinds, violations);
        var after = Position(request.After, violations);
        RpcErrors.ThrowIfAny(violations);

        // A write waiting on a slow reader is never cancelled (that would reset the stream and lose the status): the
        // stream ends at the next write after the watcher was dropped, and holds one message meanwhile.
        var (watcher, head) = await broadcaster.SubscribeAsync(filter, context.CancellationToken);
        try
        {
            // The watch is under way, from here: a caller learns it at once, not at the first change.
            await context.WriteResponseHeadersAsync(new Metadata
            {
                { FeedHeaders.Start, after is null ? cursors.Issue(new FeedPosition(head, clock.GetUtcNow())) : request.After },
            });
            var position = after is null ? head : await ReplayAsync(after, head, filter, watcher, stream, context.CancellationToken);
            await LiveAsync(watcher, position, stream, context.CancellationToken);
        }
        finally
        {
            broadcaster.Unsubscribe(watcher);
        }
    }

    /// <summary>Sends what the database holds after <paramref name="after"/> up to <paramref name="head"/>; returns <paramref name="head"/>.</summary>
    private async Task<long> ReplayAsync(
        FeedPosition after, long head, ChangeFilter filter, Watcher watcher, IServerStreamWriter<WatchChangesResponse> stream, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var log = new ChangeLog(database.Of(scope.ServiceProvider));
        var position = await CheckAsync(after, head, log, ct);
        while (position < head)
        {
            var rows = await log.ReadAsync(position, head, filter, ChangeBroadcaster.ReadBatch, ct);
            foreach (var row in rows)
            {
                if (watcher.Overflowed.IsCancellationRequested)
                {
                    ThrowTooSlow();
                }
                await stream.WriteAsync(new WatchChangesResponse { Change = ChangeLog.Read(row, cursors, clock.GetUtcNow()) }, ct);
            }
            position = rows.Count < ChangeBroadcaster.ReadBatch ? head : rows[^1].Sequence;
        }
        // A cursor from the database may be ahead of the broadcast, which is a poll behind at most: from there.
        return Math.Max(head, after.Sequence);
    }

    private async Task LiveAsync(Watcher watcher, long position, IServerStreamWriter<WatchChangesResponse> stream, CancellationToken ct)
    {
        var heartbeat = options.Value.HeartbeatInterval;
        Task<bool>? ready = null;
        Task? beat = null;
        while (true)
        {
            ready ??= watcher.Changes.WaitToReadAsync(ct).AsTask();
            // One timer per interval, however busy the stream: a heartbeat on a busy stream does no harm.
            beat ??= Task.Delay(heartbeat, clock, ct);
            var quiet = await Task.WhenAny(ready, beat) == beat;
            ct.ThrowIfCancellationRequested();
            if (!quiet)
            {
                if (!await ready)
                {
                    ThrowTooSlow();
                }
                ready = null;
            }
            // Read before draining: every change up to it is then drained too.
            var reached = watcher.Reached;
            while (watcher.Changes.TryRead(out var change))
            {
                if (change.Sequence > position)
                {
                    await stream.WriteAsync(new WatchChangesResponse { Change = ChangeLog.Read(change, cursors, clock.GetUtcNow()) }, ct);
                    position = change.Sequence;
                }
            }
            if (quiet)
            {
                beat = null;
                // Changes the filter left out move the stream on too.
                position = Math.Max(position, reached);
                var now = clock.GetUtcNow();
                await stream.WriteAsync(new WatchChangesResponse
                {
                    Heartbeat = new Heartbeat { Cursor = cursors.Issue(new FeedPosition(position, now)), Time = Timestamp.FromDateTimeOffset(now) },
                }, ct);
            }
        }
    }

    /// <summary>
    /// Where a cursor leaves off, once it is known to be within the feed: OUT_OF_RANGE when the changes after it are
    /// no longer kept, or when it is ahead of the feed (the database was replaced).
    /// </summary>
    private async Task<long> CheckAsync(FeedPosition after, long head, ChangeLog log, CancellationToken ct)
    {
        var retention = options.Value.Retention;
        var resync = $"list the {resources.Collection} themselves to resynchronise, then watch from now.";
        if (after.Time < clock.GetUtcNow() - retention)
        {
            RpcErrors.ThrowOutOfRange($"The cursor is older than the feed's retention ({retention.TotalDays:0.##} days): {resync}", "CURSOR_EXPIRED");
        }
        // The broadcast's head lags the database's by a poll at most; only the database says a cursor is ahead.
        if (after.Sequence > head && after.Sequence > (head = await log.HeadAsync(ct)))
        {
            RpcErrors.ThrowOutOfRange($"The cursor is ahead of this feed, whose database was replaced: {resync}", "CURSOR_AHEAD");
        }
        if (after.Sequence < head && await log.OldestAsync(ct) is var oldest && (oldest ?? head + 1) > after.Sequence + 1)
        {
            RpcErrors.ThrowOutOfRange($"Changes after the cursor are no longer kept: {resync}", "CURSOR_EXPIRED");
        }
        return after.Sequence;
    }

    private FeedPosition? Position(string cursor, List<FieldViolation> violations)
    {
        if (cursor.Length == 0)
        {
            return null;
        }
        var position = cursors.Read(cursor);
        if (position is null)
        {
            violations.Add(new FieldViolation("after", "is not a cursor of this feed; pass one from a change, heartbeat or page of it"));
        }
        return position;
    }

    private ChangeFilter Filter(ServerCallContext context, RepeatedField<string> types, RepeatedField<ChangeKind> kinds, List<FieldViolation> violations)
    {
        for (var i = 0; i < types.Count; i++)
        {
            if (!resources.Types.Contains(types[i]))
            {
                violations.Add(new FieldViolation($"resource_types[{i}]", $"must be one of {string.Join(", ", resources.Types)}"));
            }
        }
        for (var i = 0; i < kinds.Count; i++)
        {
            if (kinds[i] == ChangeKind.Unspecified || !System.Enum.IsDefined(kinds[i]))
            {
                violations.Add(new FieldViolation($"kinds[{i}]", "must be a change kind such as CHANGE_KIND_PUBLISHED"));
            }
        }
        var caller = context.GetHttpContext().GetCaller();
        var audience = caller.SeesEveryState ? ChangeAudience.Staff : caller.SeesEmbargoed ? ChangeAudience.Partner : ChangeAudience.Public;
        return new ChangeFilter(types.ToHashSet(StringComparer.Ordinal), kinds.Select(k => (int)k).ToHashSet(), audience);
    }

    /// <summary>The broadcast dropped the stream, whose reader fell too far behind.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowTooSlow() => RpcErrors.ThrowResourceExhausted(
        $"This stream fell more than {options.Value.WatchBuffer} changes behind and was ended; watch again from the last cursor you read.",
        "WATCHER_TOO_SLOW");
}

/// <summary>What a service's feed holds: the collection a reader resynchronises from, and the resource types it may filter by.</summary>
public sealed record FeedResources(string Collection, IReadOnlyList<string> Types);
