using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using NewsMesh.Aip;
using NewsMesh.Aip.Fields;
using NewsMesh.Aip.Paging;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.Storage.Documents;
using NewsMesh.Webhooks.Data;
using NewsMesh.Webhooks.Sending;
using NewsMesh.Webhooks.Domain;
using DeliveryResource = NewsMesh.Contracts.Webhook.V1.Delivery;

namespace NewsMesh.Webhooks.Grpc;

/// <summary>Translates WebhookService calls into domain checks and store operations. Nothing here is public: no answer says so to caches.</summary>
public sealed class WebhookGrpcService(
    SubscriptionStore store, DeliveryStore deliveries, TargetGuard targets, DeliverySignal signal, PageTokens pageTokens,
    IOptions<WebhooksOptions> options, TimeProvider clock) : WebhookService.WebhookServiceBase
{
    public override async Task<Subscription> CreateSubscription(CreateSubscriptionRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.Subscription is null)
        {
            violations.Add(new FieldViolation("subscription", "is required"));
        }
        else
        {
            violations.AddRange(FieldBehaviors.Of(Subscription.Descriptor).OutputOnlySetIn(request.Subscription, "subscription."));
            violations.AddRange(SubscriptionValidator.Validate(request.Subscription));
        }
        if (request.SubscriptionId.Length > 0 && !SubscriptionRules.IsSubscriptionId(request.SubscriptionId))
        {
            violations.Add(new FieldViolation("subscription_id", "must be 1 to 64 lower-case letters, digits and hyphens"));
        }
        var requestId = RequestIds.Read(request.RequestId, "request_id", violations);
        RpcErrors.ThrowIfAny(violations);
        await CheckTargetAsync(request.Subscription!.Url, context.CancellationToken);
        return await store.CreateAsync(SubscriptionRules.Canonical(request.Subscription), request.SubscriptionId, requestId, Writer.Of(context), context.CancellationToken);
    }

    public override async Task<Subscription> GetSubscription(GetSubscriptionRequest request, ServerCallContext context) =>
        WithoutSecret(await store.GetExistingAsync(RpcErrors.ParseName(request.Name, Resources.Subscription, "name"), context.CancellationToken));

    public override async Task<ListSubscriptionsResponse> ListSubscriptions(ListSubscriptionsRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        const string filter = "subscriptions";
        var page = PageRequest.Read(request.PageSize, request.PageToken, filter, pageTokens, violations);
        RpcErrors.ThrowIfAny(violations);
        var (subscriptions, next) = await store.ListAsync(page.After, page.Size, context.CancellationToken);
        return new ListSubscriptionsResponse
        {
            Subscriptions = { subscriptions.Select(WithoutSecret) },
            NextPageToken = pageTokens.Next(next, filter),
        };
    }

    public override async Task<Subscription> UpdateSubscription(UpdateSubscriptionRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var (id, paths) = UpdateRequest.Read(request.Subscription, request.UpdateMask, Resources.Subscription, "subscription", violations);
        RpcErrors.ThrowIfAny(violations);
        if (paths.Contains("url"))
        {
            RpcErrors.ThrowIfAny(SubscriptionValidator.Validate(request.Subscription).Where(v => v.Field == "subscription.url").ToList());
            await CheckTargetAsync(request.Subscription.Url, context.CancellationToken);
        }
        return WithoutSecret(await store.ModifyAsync(id, request.Subscription.Etag, Writer.Of(context), current =>
        {
            var next = UpdateMasks.Apply(current, request.Subscription, paths);
            RpcErrors.ThrowIfAny(SubscriptionValidator.Validate(next));
            return SubscriptionRules.Canonical(next);
        }, context.CancellationToken));
    }

    public override async Task<Empty> DeleteSubscription(DeleteSubscriptionRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Subscription, "name");
        await store.DeleteWithDeliveriesAsync(id, request.Etag, Writer.Of(context), context.CancellationToken);
        return new Empty();
    }

    public override async Task<Subscription> ResumeSubscription(ResumeSubscriptionRequest request, ServerCallContext context)
    {
        var resumed = await store.ModifyAsync(RpcErrors.ParseName(request.Name, Resources.Subscription, "name"), request.Etag, Writer.Of(context),
            SubscriptionRules.Resumed, context.CancellationToken);
        signal.Wake();
        return WithoutSecret(resumed);
    }

    public override async Task<ListDeliveriesResponse> ListDeliveries(ListDeliveriesRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (!Resources.Subscription.TryParse(request.Parent, out var subscriptionId))
        {
            violations.Add(new FieldViolation("parent", $"must be a resource name of the form {Resources.Subscription.Form}"));
        }
        if (!System.Enum.IsDefined(request.State))
        {
            violations.Add(new FieldViolation("state", "is not a known state"));
        }
        var filter = $"deliveries:{request.Parent}&state={(int)request.State}";
        var page = PageRequest.Read(request.PageSize, request.PageToken, filter, pageTokens, violations);
        RpcErrors.ThrowIfAny(violations);
        await store.GetExistingAsync(subscriptionId!, context.CancellationToken);
        var (rows, next) = await deliveries.ListAsync(subscriptionId!, request.State, page.After, page.Size, context.CancellationToken);
        return new ListDeliveriesResponse
        {
            Deliveries = { rows.Select(ToDelivery) },
            NextPageToken = pageTokens.Next(next, filter),
        };
    }

    public override async Task<DeliveryResource> RedeliverDelivery(RedeliverDeliveryRequest request, ServerCallContext context)
    {
        if (!Resources.Delivery.TryParse(request.Name, out var subscriptionId, out var deliveryId)
            || !long.TryParse(deliveryId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            RpcErrors.ThrowInvalidArgument("name", $"must be a resource name of the form {Resources.Delivery.Form}");
            return null!;
        }
        if (await deliveries.GetAsync(subscriptionId, id, context.CancellationToken) is null)
        {
            RpcErrors.ThrowNotFound(Resources.Delivery.Type, request.Name);
        }
        if (!await deliveries.RedeliverAsync(id, clock.GetUtcNow(), options.Value.GiveUpAfter, context.CancellationToken))
        {
            RpcErrors.ThrowFailedPrecondition("STATE", request.Name, "The delivery is still pending: it is being sent, and needs no redelivery.");
        }
        signal.Wake();
        return ToDelivery((await deliveries.GetAsync(subscriptionId, id, context.CancellationToken))!);
    }

    private async Task CheckTargetAsync(string url, CancellationToken ct)
    {
        if (await targets.RefusalAsync(new Uri(url), ct) is { } refusal)
        {
            RpcErrors.ThrowInvalidArgument("subscription.url", refusal);
        }
    }

    /// <summary>The secret is shown once, when the subscription is created.</summary>
    private static Subscription WithoutSecret(Subscription subscription)
    {
        var shown = subscription.Clone();
        shown.Secret = "";
        return shown;
    }

    private static DeliveryResource ToDelivery(DeliveryRecord row)
    {
        var delivery = new DeliveryResource
        {
            Name = Resources.Delivery.Name(row.SubscriptionId, row.Id.ToString(CultureInfo.InvariantCulture)),
            Change = Change.Parser.ParseFrom(row.Change),
            State = (DeliveryResource.Types.State)row.State,
            Attempts = row.Attempts,
            LastStatusCode = row.LastStatusCode,
            LastError = row.LastError,
            CreateTime = Time(row.CreateTime),
            ExpireTime = Time(row.ExpireTime),
        };
        if (row.LastAttemptTime is { } attempted)
        {
            delivery.LastAttemptTime = Time(attempted);
        }
        if (row.State == (int)DeliveryResource.Types.State.Pending)
        {
            delivery.NextAttemptTime = Time(row.NextAttemptTime);
        }
        if (row.DeliverTime is { } delivered)
        {
            delivery.DeliverTime = Time(delivered);
        }
        return delivery;
    }

    private static Timestamp Time(long micros) => Timestamp.FromDateTimeOffset(Versions.FromMicros(micros));
}
