using Grpc.Core;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.ServiceDefaults.Feed;
using NewsMesh.ServiceDefaults.Identity;
using NewsMesh.Webhooks.Data;
using NewsMesh.Webhooks.Domain;

namespace NewsMesh.Webhooks.Sending;

/// <summary>
/// Follows the content feeds from the position stored beside the deliveries and queues each change for every
/// subscription that wants it, moving the position in the same transaction: a restart neither loses a change nor
/// queues one twice.
/// </summary>
public sealed class WebhookFanOut(
    IServiceScopeFactory scopes, FeedChannels channels, DeliverySignal signal, IOptions<WebhooksOptions> options,
    TimeProvider clock, ServiceToken token, ILogger<WebhookFanOut> logger) : FeedConsumer(token, logger)
{
    public const string Consumer = "webhooks";

    protected override CallInvoker? InvokerFor(string feed) => channels.For(feed);

    protected override async Task<string?> StartAsync(string feed, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await FeedPositions.GetAsync(scope.ServiceProvider.GetRequiredService<WebhooksDbContext>(), Consumer, feed, ct);
    }

    protected override async Task OnChangeAsync(string feed, Change change, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var subscriptions = await scope.ServiceProvider.GetRequiredService<SubscriptionStore>().AllAsync(ct);
        var wanting = subscriptions.Where(s => SubscriptionRules.Wants(s.Subscription, change)).Select(s => s.Id).ToList();
        await scope.ServiceProvider.GetRequiredService<DeliveryStore>()
            .EnqueueAsync(Consumer, feed, change, wanting, clock.GetUtcNow(), options.Value.GiveUpAfter, ct);
        if (wanting.Count > 0)
        {
            signal.Wake();
        }
    }

    protected override async Task OnPositionAsync(string feed, string cursor, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
        await FeedPositions.SetAsync(db, Consumer, feed, cursor, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The changes missed cannot be had again; the loss is logged, and deliveries go on from now.</summary>
    protected override Task<string?> OnCursorExpiredAsync(string feed, CancellationToken ct) => Task.FromResult<string?>(null);
}
