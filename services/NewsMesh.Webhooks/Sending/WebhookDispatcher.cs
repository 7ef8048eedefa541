using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.ServiceDefaults.Identity;
using NewsMesh.Storage.Documents;
using NewsMesh.Webhooks.Data;
using NewsMesh.Webhooks.Domain;

namespace NewsMesh.Webhooks.Sending;

/// <summary>
/// Sends what is due, up to <see cref="WebhooksOptions.Concurrency"/> attempts at once, each slot refilled as soon as
/// its attempt ends, so a slow receiver holds up only its own deliveries; records each attempt; schedules retries
/// with backoff until a delivery expires; pauses a subscription whose receiver answers 410. When nothing is due it
/// sleeps until the next delivery that may be sent falls due, a change is queued or an attempt ends. Once a minute
/// it fails what expired and forgets what is past the retention.
/// </summary>
public sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes, WebhookSender sender, DeliverySignal signal, ServiceToken token,
    IOptions<WebhooksOptions> options, TimeProvider clock, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(1);


    private readonly ConcurrentDictionary<long, Task> _sending = new();

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
                var deliveries = scope.ServiceProvider.GetRequiredService<DeliveryStore>();
                if (now >= nextSweep)
                {
                    await deliveries.SweepAsync(now, options.Value.DeliveryRetention, $"not delivered within {options.Value.GiveUpAfter}", stoppingToken);
                    nextSweep = now + SweepInterval;
                }
                var free = options.Value.Concurrency - _sending.Count;
                if (free > 0 && await deliveries.DueAsync(now, free, [.. _sending.Keys], stoppingToken) is { Count: > 0 } due)
                {
                    foreach (var delivery in due)
                    {
                        // Tracked before it starts, so that its end, however soon, finds it to remove.
                        var send = new Task<Task>(() => SendAsync(delivery, stoppingToken));
                        _sending[delivery.Id] = send.Unwrap();
                        send.Start(TaskScheduler.Default);
                    }
                    continue;
                }
                var wake = nextSweep;
                if (await deliveries.NextDueAsync([.. _sending.Keys], stoppingToken) is { } nextDue && nextDue < wake)
                {
                    wake = nextDue;
                }
                var wait = wake - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    await Task.WhenAny(woken, Task.Delay(wait, clock, sleeping.Token));
                    await sleeping.CancelAsync();
                }
                else if (free <= 0)
                {
                    // Every slot is busy: the next attempt to end wakes us.
                    await woken.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
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
                    break;
                }
            }
        }
        // Attempts under way end with the stop; what they did not record is sent again (at least once).
        await Task.WhenAll(_sending.Values);
    }

    private async Task SendAsync(DueDelivery delivery, CancellationToken stop)
    {
        try
        {
            await AttemptAsync(delivery, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // This attempt alone (its record could not be written, say): kept out of the queue for a while, so that a
            // failure that repeats does not make a receiver's every second a retry.
            LogAttemptFailed(e, delivery.Id);
            try
            {
                await Task.Delay(ErrorDelay, clock, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
        finally
        {
            _sending.TryRemove(delivery.Id, out _);
            signal.Wake();
        }
    }

    private async Task AttemptAsync(DueDelivery delivery, CancellationToken ct)
    {
        var subscription = Subscription.Parser.ParseFrom(delivery.Subscription);
        await using var scope = scopes.CreateAsyncScope();
        var deliveries = scope.ServiceProvider.GetRequiredService<DeliveryStore>();
        if (!SubscriptionRules.Wants(subscription, delivery.Change))
        {
            // The subscription's filters changed since the change was queued: it is not sent under the new ones.
            await deliveries.RecordAttemptAsync(delivery.Id, 0, "not sent: the subscription's filters no longer take this change", false, clock.GetUtcNow(), null, ct);
            return;
        }
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
            // The last attempt ends before the delivery expires, so that the sweep never fails one under way.
            var last = Versions.FromMicros(delivery.ExpireTime) - options.Value.Timeout - ErrorDelay;
            retryAt = at < last ? at : now < last ? last : null;
        }
        await deliveries.RecordAttemptAsync(delivery.Id, attempt.StatusCode, attempt.Error, attempt.Delivered, now, retryAt, ct);
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

    [LoggerMessage(LogLevel.Warning, "An attempt to send delivery {Delivery} failed; it is tried again when next due")]
    private partial void LogAttemptFailed(Exception exception, long delivery);

    [LoggerMessage(LogLevel.Warning, "Subscription {Subscription} was paused: its receiver answered 410 Gone")]
    private partial void LogPaused(string subscription);
}
