using Microsoft.EntityFrameworkCore;
using NewsMesh.Aip.Paging;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.Storage.Documents;
using NewsMesh.Storage.Feed;
using NewsMesh.Webhooks.Domain;

namespace NewsMesh.Webhooks.Data;

/// <summary>Subscriptions in the document store. They are the service's own bookkeeping: no write of one is in any feed.</summary>
public sealed class SubscriptionStore(WebhooksDbContext db, TimeProvider clock)
    : DocumentStore<Subscription, SubscriptionRecord>(() => db, Resources.Subscription, Subscription.Parser, clock)
{
    /// <summary>A new active subscription with a new secret, with the id the client chose or a new one.</summary>
    public Task<Subscription> CreateAsync(Subscription draft, string subscriptionId, string requestId, Writer writer, CancellationToken ct)
    {
        var subscription = draft.Clone();
        subscription.State = Subscription.Types.State.Active;
        subscription.Secret = SubscriptionRules.NewSecret();
        var id = subscriptionId.Length > 0 ? subscriptionId : Guid.CreateVersion7(Clock.GetUtcNow()).ToString("N");
        return InsertAsync(subscription, id, requestId, writer, ct);
    }

    /// <summary>One page in creation order, starting after <paramref name="after"/>; the cursor is set when more follow.</summary>
    public Task<(IReadOnlyList<Subscription> Page, ListCursor? Next)> ListAsync(ListCursor? after, int pageSize, CancellationToken ct) =>
        PageAsync(Rows.AsNoTracking(), after, pageSize, newestFirst: false, ct);

    /// <summary>Every subscription, the secrets included, for deciding who receives a change.</summary>
    public async Task<IReadOnlyList<(string Id, Subscription Subscription)>> AllAsync(CancellationToken ct) =>
        (await Rows.AsNoTracking().Select(r => new { r.Id, r.Document }).ToListAsync(ct))
            .Select(r => (r.Id, Parser.ParseFrom(r.Document)))
            .ToList();

    /// <summary>
    /// Deletes the subscription, then its deliveries. One the fan-out queues in between, from a list of subscriptions read
    /// before the delete, is never sent (the sender joins on the subscription) and goes with the next sweep.
    /// </summary>
    public async Task DeleteWithDeliveriesAsync(string id, string etag, Writer writer, CancellationToken ct)
    {
        await DeleteAsync(id, etag, writer, ct);
        await db.Deliveries.Where(d => d.SubscriptionId == id).ExecuteDeleteAsync(ct);
    }

    protected override ChangeNote? Note(WriteKind kind, Subscription? current, Subscription written, Writer writer) => null;

    protected override void Project(Subscription subscription, SubscriptionRecord record)
    {
        record.State = (int)subscription.State;
        record.ListTime = CreatedMicros(subscription);
    }
}
