using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using NewsMesh.Aip.Paging;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.Storage.Documents;
using DeliveryState = NewsMesh.Contracts.Webhook.V1.Delivery.Types.State;
using SubscriptionState = NewsMesh.Contracts.Webhook.V1.Subscription.Types.State;

namespace NewsMesh.Webhooks.Data;

/// <summary>A delivery that is due, with what sending it needs.</summary>
public sealed record DueDelivery(long Id, string SubscriptionId, Change Change, int Attempts, long ExpireTime, byte[] Subscription);

/// <summary>
/// The deliveries: queued with the feed position they came from, sent oldest first but never ahead of an earlier
/// change to the same resource for the same subscription, retried until they expire, kept for a while after.
/// </summary>
public sealed class DeliveryStore(WebhooksDbContext db)
{
    private const int Pending = (int)DeliveryState.Pending;
    private const int Delivered = (int)DeliveryState.Delivered;
    private const int Failed = (int)DeliveryState.Failed;
    private const int Active = (int)SubscriptionState.Active;

    /// <summary>Queues <paramref name="change"/> for each of <paramref name="subscriptions"/> and moves the feed's position past it, in one transaction.</summary>
    public async Task EnqueueAsync(string consumer, string feed, Change change, IEnumerable<string> subscriptions, DateTimeOffset now, TimeSpan giveUpAfter, CancellationToken ct)
    {
        var micros = Versions.Micros(now);
        db.Deliveries.AddRange(subscriptions.Select(id => new DeliveryRecord
        {
            SubscriptionId = id,
            Feed = feed,
            Sequence = change.Sequence,
            Resource = change.Resource,
            Change = change.ToByteArray(),
            State = Pending,
            CreateTime = micros,
            NextAttemptTime = micros,
            ExpireTime = Versions.Micros(now + giveUpAfter),
        }));
        await FeedPositions.SetAsync(db, consumer, feed, change.Cursor, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Queued already, by a commit whose outcome the feed reader did not learn: only the position moves.
            db.ChangeTracker.Clear();
            await FeedPositions.SetAsync(db, consumer, feed, change.Cursor, ct);
            await db.SaveChangesAsync(ct);
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Up to <paramref name="limit"/> deliveries due at <paramref name="now"/> for active subscriptions, oldest first, each
    /// the oldest pending one of its subscription and resource (so that a resource's changes arrive in feed order), and
    /// none of <paramref name="sending"/>.
    /// </summary>
    public async Task<IReadOnlyList<DueDelivery>> DueAsync(DateTimeOffset now, int limit, IReadOnlyCollection<long> sending, CancellationToken ct)
    {
        var micros = Versions.Micros(now);
        var rows = await Heads(sending)
            .Where(d => d.NextAttemptTime <= micros)
            .Join(db.Subscriptions.Where(s => s.State == Active), d => d.SubscriptionId, s => s.Id,
                (d, s) => new { d.Id, d.SubscriptionId, d.Change, d.Attempts, d.ExpireTime, s.Document })
            .OrderBy(d => d.Id)
            .Take(limit)
            .ToListAsync(ct);
        return [.. rows.Select(r => new DueDelivery(r.Id, r.SubscriptionId, Change.Parser.ParseFrom(r.Change), r.Attempts, r.ExpireTime, r.Document))];
    }

    /// <summary>
    /// When the first delivery that may be sent next falls due: the oldest pending one of its subscription and resource,
    /// of an active subscription, not among <paramref name="sending"/>; null when there is none.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<long> sending, CancellationToken ct)
    {
        var next = await Heads(sending)
            .Where(d => db.Subscriptions.Any(s => s.Id == d.SubscriptionId && s.State == Active))
            .MinAsync(d => (long?)d.NextAttemptTime, ct);
        return next is { } micros ? Versions.FromMicros(micros) : null;
    }

    /// <summary>The pending deliveries that no earlier pending one of their subscription and resource holds back.</summary>
    private IQueryable<DeliveryRecord> Heads(IReadOnlyCollection<long> sending) =>
        db.Deliveries.AsNoTracking().Where(d => d.State == Pending && !sending.Contains(d.Id)
            && !db.Deliveries.Any(e => e.SubscriptionId == d.SubscriptionId && e.Resource == d.Resource && e.State == Pending && e.Id < d.Id));

    /// <summary>Records an attempt: delivered, retried at <paramref name="retryAt"/>, or failed for good when that is null.</summary>
    public Task RecordAttemptAsync(long id, int statusCode, string error, bool delivered, DateTimeOffset now, DateTimeOffset? retryAt, CancellationToken ct)
    {
        var micros = Versions.Micros(now);
        var state = delivered ? Delivered : retryAt is null ? Failed : Pending;
        var next = retryAt is { } at ? Versions.Micros(at) : micros;
        var lastError = error.Length > 500 ? error[..500] : error;
        return db.Deliveries.Where(d => d.Id == id && d.State == Pending).ExecuteUpdateAsync(d => d
            .SetProperty(r => r.State, state)
            .SetProperty(r => r.Attempts, r => r.Attempts + 1)
            .SetProperty(r => r.LastStatusCode, statusCode)
            .SetProperty(r => r.LastError, lastError)
            .SetProperty(r => r.LastAttemptTime, micros)
            .SetProperty(r => r.NextAttemptTime, next)
            .SetProperty(r => r.DeliverTime, delivered ? micros : null), ct);
    }

    /// <summary>
    /// Fails what expired while pending (a paused subscription's too), and forgets what was delivered or failed
    /// longer than <paramref name="retention"/> ago, and the deliveries of deleted subscriptions.
    /// </summary>
    public async Task SweepAsync(DateTimeOffset now, TimeSpan retention, string expiredError, CancellationToken ct)
    {
        var micros = Versions.Micros(now);
        await db.Deliveries.Where(d => d.State == Pending && d.ExpireTime <= micros).ExecuteUpdateAsync(d => d
            .SetProperty(r => r.State, Failed)
            .SetProperty(r => r.LastError, expiredError), ct);
        var forgotten = Versions.Micros(now - retention);
        await db.Deliveries.Where(d => d.State != Pending && d.CreateTime < forgotten).ExecuteDeleteAsync(ct);
        await db.Deliveries.Where(d => !db.Subscriptions.Any(s => s.Id == d.SubscriptionId)).ExecuteDeleteAsync(ct);
    }

    /// <summary>One page, newest first, starting after <paramref name="after"/>; the cursor is set when more follow.</summary>
    public async Task<(IReadOnlyList<DeliveryRecord> Page, ListCursor? Next)> ListAsync(
        string subscriptionId, DeliveryState state, ListCursor? after, int pageSize, CancellationToken ct)
    {
        var query = db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId);
        if (state != DeliveryState.Unspecified)
        {
            query = query.Where(d => d.State == (int)state);
        }
        if (after is not null)
        {
            query = query.Where(d => d.Id < after.ListTime);
        }
        var rows = await query.OrderByDescending(d => d.Id).Take(pageSize + 1).ToListAsync(ct);
        var next = rows.Count > pageSize ? new ListCursor(rows[pageSize - 1].Id, "") : null;
        return (rows.Take(pageSize).ToList(), next);
    }

    public Task<DeliveryRecord?> GetAsync(string subscriptionId, long id, CancellationToken ct) =>
        db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.SubscriptionId == subscriptionId, ct);

    /// <summary>Queues a delivered or failed delivery again, due now, with a new expiry; false when it was pending.</summary>
    public async Task<bool> RedeliverAsync(long id, DateTimeOffset now, TimeSpan giveUpAfter, CancellationToken ct)
    {
        var micros = Versions.Micros(now);
        var expire = Versions.Micros(now + giveUpAfter);
        return await db.Deliveries.Where(d => d.Id == id && d.State != Pending).ExecuteUpdateAsync(d => d
            .SetProperty(r => r.State, Pending)
            .SetProperty(r => r.Attempts, 0)
            .SetProperty(r => r.NextAttemptTime, micros)
            .SetProperty(r => r.ExpireTime, expire)
            .SetProperty(r => r.DeliverTime, (long?)null), ct) == 1;
    }
}

/// <summary>The stored positions of this service's feed consumers.</summary>
public static class FeedPositions
{
    public static async Task<string?> GetAsync(WebhooksDbContext db, string consumer, string feed, CancellationToken ct) =>
        await db.FeedPositions.AsNoTracking().Where(p => p.Consumer == consumer && p.Feed == feed).Select(p => p.Cursor).FirstOrDefaultAsync(ct);

    /// <summary>Sets the position with the context's next save.</summary>
    public static async Task SetAsync(WebhooksDbContext db, string consumer, string feed, string cursor, CancellationToken ct)
    {
        var position = await db.FeedPositions.FirstOrDefaultAsync(p => p.Consumer == consumer && p.Feed == feed, ct);
        if (position is null)
        {
            db.FeedPositions.Add(new FeedPositionRecord { Consumer = consumer, Feed = feed, Cursor = cursor });
        }
        else
        {
            position.Cursor = cursor;
        }
    }
}
