using System.Net;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.Webhooks.Domain;

namespace NewsMesh.Webhooks.Tests;

public sealed class WebhookRulesTests
{
    [Fact]
    public void Sign_ReproducesTheStandardWebhooksTestVector()
    {
        // Published with the Standard Webhooks reference libraries: a receiver's library must accept what we send.
        var signature = Signatures.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
            "{\"test\": 2432232314}"u8);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void NewSecret_IsWhsecAnd32RandomBytes()
    {
        var secret = SubscriptionRules.NewSecret();

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, SubscriptionRules.NewSecret());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::10.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:c0a8:0101::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("fec0::1")]
    public void IsInternal_RefusesLoopbackPrivateAndLinkLocal(string address) =>
        Assert.True(InternalAddresses.IsInternal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("203.0.113.7")]
    [InlineData("100.128.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void IsInternal_AllowsPublicAddresses(string address) =>
        Assert.False(InternalAddresses.IsInternal(IPAddress.Parse(address)));

    [Fact]
    public void Delay_DoublesWithJitterInItsUpperHalf_UpToTheLimit()
    {
        var first = TimeSpan.FromSeconds(5);
        var max = TimeSpan.FromHours(1);

        Assert.Equal(TimeSpan.FromSeconds(2.5), RetryPolicy.Delay(1, first, max, 0));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.Delay(1, first, max, 1));
        Assert.Equal(TimeSpan.FromSeconds(10), RetryPolicy.Delay(3, first, max, 0));
        Assert.Equal(TimeSpan.FromMinutes(30), RetryPolicy.Delay(30, first, max, 0));
        Assert.Equal(TimeSpan.FromHours(1), RetryPolicy.Delay(1000, first, max, 1));
    }

    [Fact]
    public void EventType_IsTheResourceAndTheKind() =>
        Assert.Equal("media.rights_withdrawn", SubscriptionRules.EventType(new Change { ResourceType = "newsmesh.media.v1.Media", Kind = ChangeKind.RightsWithdrawn }));

    [Fact]
    public void Wants_FiltersByTypeKindTimeAndAudience()
    {
        var created = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var subscription = new Subscription
        {
            ResourceTypes = { "newsmesh.article.v1.Article" },
            Kinds = { ChangeKind.Published, ChangeKind.Corrected },
            CreateTime = Timestamp.FromDateTimeOffset(created),
        };
        Change Change(ChangeKind kind, Audience audience = Audience.Public, string type = "newsmesh.article.v1.Article", int minutes = 1) => new()
        {
            ResourceType = type,
            Kind = kind,
            Audience = audience,
            Time = Timestamp.FromDateTimeOffset(created.AddMinutes(minutes)),
        };

        Assert.True(SubscriptionRules.Wants(subscription, Change(ChangeKind.Published)));
        Assert.True(SubscriptionRules.Wants(subscription, Change(ChangeKind.Corrected, Audience.Partner)));
        Assert.False(SubscriptionRules.Wants(subscription, Change(ChangeKind.Updated)));
        Assert.False(SubscriptionRules.Wants(subscription, Change(ChangeKind.Published, type: "newsmesh.author.v1.Author")));
        Assert.False(SubscriptionRules.Wants(subscription, Change(ChangeKind.Published, minutes: -1)));
        Assert.False(SubscriptionRules.Wants(subscription, Change(ChangeKind.Published, Audience.Staff)));
        Assert.False(SubscriptionRules.Wants(subscription, Change(ChangeKind.Published, Audience.Unspecified)));
        subscription.IncludeNewsroomChanges = true;
        Assert.True(SubscriptionRules.Wants(subscription, Change(ChangeKind.Published, Audience.Staff)));
    }
}
