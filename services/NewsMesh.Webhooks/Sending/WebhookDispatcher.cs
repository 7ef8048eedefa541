using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.ServiceDefaults.Identity;
using NewsMesh.Storage.Documents;
using NewsMesh.Storage.Feed;
using NewsMesh.Webhooks.Data;
using NewsMesh.Webhooks.Domain;

namespace NewsMesh.Webhooks.Sending;

/// <summary>
/// Sends what is due, a batch at a time, up to <see cref="WebhooksOptions.Concurrency"/> at once; records each
/// attempt; schedules retries with backoff until a delivery expires; pauses a subscription whose receiver answers
/// 410. Between batches it sleeps until the next delivery falls due or a change is queued. Once a minute it fails
/// what expired and forgets what is past the retention.
/// </summary>
public sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes, WebhookSender sender, DeliverySignal signal, ServiceToken token,
    IOptions<WebhooksOptions> options, TimeProvider clock, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextSweep = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var woken = signal.Next;
                var now = clock.GetUtcNow();
                await using var scope = scopes.CreateAsyncScope();
                var queue = scope.ServiceProvider.GetRequiredService<DeliveryStore>();
                if (now >= nextSweep)
                {
                    await queue.SweepAsync(now, options.Value.DeliveryRetention, $"not delivered within {options.Value.GiveUpAfter}", stoppingToken);
                    nextSweep = now + SweepInterval;
                }
                var due = await queue.DueAsync(now, options.Value.Concurrency * 4, stoppingToken);
                if (due.Count > 0)
                {
                    await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = stoppingToken },
                        (delivery, ct) => new ValueTask(AttemptAsync(delivery, ct)));
                    continue;
                }
                var wake = nextSweep;
                if (await queue.NextDueAsync(stoppingToken) is { } nextDue && nextDue < wake)
                {
                    wake = nextDue;
                }
                var wait = wake - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.WhenAny(woken, Task.Delay(wait, clock, stoppingToken));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away: nothing is lost, the queue is there when it is back.
                LogSenderFailed(e);
                try
                {
                    await Task.Delay(ErrorDelay, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task AttemptAsync(DueDelivery delivery, CancellationToken ct)
    {
        var subscription = Subscription.Parser.ParseFrom(delivery.Subscription);
        var attempt = await sender.SendAsync(delivery.Id, subscription, delivery.Change, ct);
        var now = clock.GetUtcNow();
        DateTimeOffset? retryAt = null;
        if (attempt.Gone)
        {
            // Sent again as it is once the subscription is resumed.
            retryAt = now;
        }
        else if (!attempt.Delivered)
        {
            var at = now + RetryPolicy.Delay(delivery.Attempts + 1, options.Value.FirstRetryDelay, options.Value.MaxRetryDelay, Random.Shared.NextDouble());
            retryAt = at < Versions.FromMicros(delivery.ExpireTime) ? at : null;
        }
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliveryStore>()
            .RecordAttemptAsync(delivery.Id, attempt.StatusCode, attempt.Error, attempt.Delivered, now, retryAt, ct);
        if (attempt.Gone)
        {
            var store = scope.ServiceProvider.GetRequiredService<SubscriptionStore>();
            var reason = $"The receiver answered 410 Gone at {now:u} to {SubscriptionRules.EventType(delivery.Change)} ({delivery.Change.Resource}); resume the subscription once it takes deliveries again.";
            await store.ModifyAsync(delivery.SubscriptionId, "", new Writer(token.Subject, Roles.Service, "DeliverChange"),
                current => current.State == Subscription.Types.State.Paused ? null : SubscriptionRules.Paused(current, reason, now), ct);
            LogPaused(delivery.SubscriptionId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Sending webhooks failed; trying again shortly")]
    private partial void LogSenderFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Subscription {Subscription} was paused: its receiver answered 410 Gone")]
    private partial void LogPaused(string subscription);
}
