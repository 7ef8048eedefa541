using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Contracts.Webhook.V1;
using Microsoft.Extensions.DependencyInjection;
using NewsMesh.Testing;
using NewsMesh.Webhooks.Sending;

namespace NewsMesh.Webhooks.Tests;

public abstract class WebhookServiceFixture : ServiceFixture<Program, KestrelServiceHost<Program>>
{
    public WebhookService.WebhookServiceClient Admin => new(Host.AdminChannel);

    // As deployed: internal addresses refused.
    protected override KestrelServiceHost<Program> CreateHost(TestDatabase database) => new(database);
}

public sealed class SqliteWebhookServiceFixture : WebhookServiceFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresWebhookServiceFixture : WebhookServiceFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}

/// <summary>Every WebhookService RPC over real gRPC, run once per storage provider, with internal targets refused as in a deployment.</summary>
public abstract class SubscriptionRpcTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : WebhookServiceFixture
{
    // TEST-NET-3: public, so accepted without a DNS lookup; nothing answers there, which these tests never wait for.
    private const string PublicUrl = "https://203.0.113.9/hooks";

    private WebhookService.WebhookServiceClient Admin => fixture.Admin;

    private static Subscription NewSubscription(string url = PublicUrl) => new()
    {
        Url = url,
        Description = "The syndication partner's endpoint.",
        ResourceTypes = { "newsmesh.article.v1.Article", "newsmesh.article.v1.Article" },
        Kinds = { ChangeKind.Published, ChangeKind.Corrected },
    };

    [Fact]
    public async Task Create_GivesTheSecretOnce_AndReadsLeaveItOut()
    {
        var requestId = Guid.NewGuid().ToString();
        var created = await Admin.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = NewSubscription(), RequestId = requestId });

        Assert.StartsWith("subscriptions/", created.Name, StringComparison.Ordinal);
        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(Subscription.Types.State.Active, created.State);
        Assert.Equal(["newsmesh.article.v1.Article"], created.ResourceTypes);
        Assert.Equal(1, created.Revision);
        var got = await Admin.GetSubscriptionAsync(new GetSubscriptionRequest { Name = created.Name });
        Assert.Empty(got.Secret);
        Assert.Equal(created.Url, got.Url);
        var listed = await Admin.ListSubscriptionsAsync(new ListSubscriptionsRequest { PageSize = 100 });
        Assert.Contains(listed.Subscriptions, s => s.Name == created.Name && s.Secret.Length == 0);
        var replayed = await Admin.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = NewSubscription(), RequestId = requestId });
        Assert.Equal(created, replayed);
    }

    [Fact]
    public async Task UpdateResumeAndDelete_WorkAsTheAipsSay()
    {
        var created = await Admin.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = NewSubscription(), SubscriptionId = $"partner-{Guid.NewGuid():N}"[..20] });

        var updated = await Admin.UpdateSubscriptionAsync(new UpdateSubscriptionRequest
        {
            Subscription = new Subscription { Name = created.Name, Kinds = { ChangeKind.Retracted }, IncludeNewsroomChanges = true, Etag = created.Etag },
            UpdateMask = FieldMask.FromString("kinds,include_newsroom_changes"),
        });
        Assert.Equal([ChangeKind.Retracted], updated.Kinds);
        Assert.True(updated.IncludeNewsroomChanges);
        Assert.Equal(created.Url, updated.Url);
        Assert.Empty(updated.Secret);
        await RpcAssert.FailsWith(StatusCode.Aborted, async () => await Admin.UpdateSubscriptionAsync(new UpdateSubscriptionRequest
        {
            Subscription = new Subscription { Name = created.Name, Description = "Stale.", Etag = created.Etag },
            UpdateMask = FieldMask.FromString("description"),
        }));
        var resumed = await Admin.ResumeSubscriptionAsync(new ResumeSubscriptionRequest { Name = created.Name });
        Assert.Equal(updated.Revision, resumed.Revision);

        await Admin.DeleteSubscriptionAsync(new DeleteSubscriptionRequest { Name = created.Name, Etag = resumed.Etag });

        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await Admin.GetSubscriptionAsync(new GetSubscriptionRequest { Name = created.Name }));
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await Admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = created.Name }));
    }

    [Theory]
    [InlineData("ftp://files.example/hooks")]
    [InlineData("hooks.example/no-scheme")]
    [InlineData("https://user:secret@203.0.113.9/hooks")]
    [InlineData("https://203.0.113.9/hooks#fragment")]
    [InlineData("http://127.0.0.1:5101/newsmesh.article.v1.ArticleService/DeleteArticle")]
    [InlineData("http://localhost/hooks")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.8/hooks")]
    [InlineData("http://[::1]/hooks")]
    [InlineData("http://[::ffff:192.168.0.1]/hooks")]
    [InlineData("https://no-such-host.invalid/hooks")]
    public async Task Create_RefusesUrlsThatAreNotPublicHttp_NamingUrl(string url)
    {
        var bad = await RpcAssert.InvalidArgument(async () => await Admin.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = NewSubscription(url) }),
            "subscription.url");

        Assert.DoesNotContain("secret", bad.FieldViolations[0].Description.Replace("password", "", StringComparison.Ordinal).ToLowerInvariant()
            .Replace("subscriptions may not reach", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ToAnInternalUrl_IsRefusedNamingUrl()
    {
        var created = await Admin.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = NewSubscription() });

        await RpcAssert.InvalidArgument(async () => await Admin.UpdateSubscriptionAsync(new UpdateSubscriptionRequest
        {
            Subscription = new Subscription { Name = created.Name, Url = "http://192.168.1.20/hooks" },
            UpdateMask = FieldMask.FromString("url"),
        }), "subscription.url");
    }

    [Fact]
    public async Task Create_RefusesEveryBadField_AtOnce()
    {
        var subscription = new Subscription
        {
            Url = "",
            Description = new string('d', 501),
            ResourceTypes = { "newsmesh.gateway.v1.ArticlePage" },
            Kinds = { ChangeKind.Unspecified },
            Secret = "whsec_mine",
        };

        await RpcAssert.InvalidArgument(async () => await Admin.CreateSubscriptionAsync(new CreateSubscriptionRequest
        {
            Subscription = subscription,
            SubscriptionId = "Not An Id",
            RequestId = "not-a-uuid",
        }), "subscription.url", "subscription.description", "subscription.resource_types", "subscription.kinds", "subscription.secret", "subscription_id", "request_id");
        await RpcAssert.InvalidArgument(async () => await Admin.CreateSubscriptionAsync(new CreateSubscriptionRequest()), "subscription");
    }

    [Fact]
    public async Task DeliveriesAndRedelivery_RefuseBadNames()
    {
        await RpcAssert.InvalidArgument(async () => await Admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = "subscriptions" }), "parent");
        await RpcAssert.InvalidArgument(async () => await Admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = "subscriptions/x", PageSize = -1 }), "page_size");
        await RpcAssert.InvalidArgument(async () => await Admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = "subscriptions/x", State = (Delivery.Types.State)9 }), "state");
        await RpcAssert.InvalidArgument(async () => await Admin.RedeliverDeliveryAsync(new RedeliverDeliveryRequest { Name = "subscriptions/x/deliveries/abc" }), "name");
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await Admin.RedeliverDeliveryAsync(new RedeliverDeliveryRequest { Name = "subscriptions/x/deliveries/12" }));
    }

    [Fact]
    public async Task TheSender_RefusesToConnectToAnInternalAddress_EvenForASavedUrl()
    {
        // A name that resolved elsewhere when it was saved and to loopback now (DNS rebinding) is stopped at the connection.
        await using var receiver = await Receiver.StartAsync();
        var sender = fixture.Host.Services.GetRequiredService<WebhookSender>();

        var attempt = await sender.SendAsync(1, new Subscription { Url = receiver.Url(), Secret = "whsec_" + Convert.ToBase64String(new byte[32]) },
            new Change { Resource = "articles/x", ResourceType = "newsmesh.article.v1.Article", Kind = ChangeKind.Created, Time = Timestamp.FromDateTime(DateTime.UtcNow) },
            CancellationToken.None);

        Assert.False(attempt.Delivered);
        Assert.Contains("internal addresses", attempt.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }
}

public sealed class SqliteSubscriptionRpcTests(SqliteWebhookServiceFixture fixture) : SubscriptionRpcTests<SqliteWebhookServiceFixture>(fixture);

public sealed class PostgresSubscriptionRpcTests(PostgresWebhookServiceFixture fixture) : SubscriptionRpcTests<PostgresWebhookServiceFixture>(fixture);
