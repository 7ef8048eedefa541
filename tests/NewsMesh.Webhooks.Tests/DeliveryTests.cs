using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.Testing;
using DeliveryState = NewsMesh.Contracts.Webhook.V1.Delivery.Types.State;

namespace NewsMesh.Webhooks.Tests;

/// <summary>
/// Deliveries from a real article service's feed to real receivers over HTTP: failures, timeouts, dropped connections,
/// 410, redirects, dead letters, restarts and an hour-long outage, with every signature checked as a receiver would.
/// </summary>
public sealed class DeliveryTests(ArticlesProcess articles) : IClassFixture<ArticlesProcess>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task FailuresTimeoutsAndDrops_AreRetried_UntilEveryChangeArrives_SignedAndInFeedOrderPerResource(string provider)
    {
        await using var database = await TestDatabase.OfAsync(provider);
        await using var host = new WebhookHost(database, articles.Articles);
        await host.FollowingAsync(articles);
        await using var receiver = await Receiver.StartAsync();
        // Each message fails three ways before it is taken: a 500, a dropped connection, a stall past the timeout.
        receiver.Answering = (_, earlier) => earlier switch
        {
            0 => new Answer(500),
            1 => new Answer(Drop: true),
            2 => new Answer(Stall: TimeSpan.FromSeconds(3)),
            _ => Answer.Ok,
        };
        var subscription = await host.SubscribeAsync(receiver.Url());

        var first = await articles.CreateAsync();
        var second = await articles.CreateAsync();
        first = await articles.RetitleAsync(first, "A first new headline");
        await articles.RetitleAsync(second, "Another headline");
        await articles.RetitleAsync(first, "A second new headline");

        var ours = new[] { first.Name, second.Name };
        await RpcAssert.Eventually(() => Task.FromResult(receiver.Delivered.Count(d => ours.Contains(d.Resource)) == 5), Patience, "five deliveries");
        var delivered = receiver.Delivered.Where(d => ours.Contains(d.Resource)).ToList();
        Assert.Equal(["article.created", "article.updated", "article.updated"], delivered.Where(d => d.Resource == first.Name).Select(d => d.Type));
        Assert.Equal(["article.created", "article.updated"], delivered.Where(d => d.Resource == second.Name).Select(d => d.Type));
        foreach (var resource in ours)
        {
            var sequences = delivered.Where(d => d.Resource == resource).Select(d => d.Sequence).ToList();
            Assert.Equal(sequences.Order(), sequences);
        }
        var attempts = receiver.Requests.Where(r => ours.Contains(r.Resource)).ToList();
        Assert.All(attempts, r => Assert.True(r.SignedWith(subscription.Secret), $"attempt {r.Id} at {r.Timestamp} is not signed with the secret"));
        Assert.All(attempts.GroupBy(r => r.Id), tries =>
        {
            Assert.Equal(4, tries.Count());
            Assert.Single(tries.Select(t => Convert.ToBase64String(t.Body)).Distinct());
        });
        var listed = await host.Admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = subscription.Name, State = DeliveryState.Delivered });
        Assert.All(listed.Deliveries.Where(d => ours.Contains(d.Change.Resource)), d => Assert.Equal(4, d.Attempts));
    }

    [Fact]
    public async Task Gone_PausesTheSubscriptionSayingWhy_AndResumingSendsWhatWasKept()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new WebhookHost(database, articles.Articles);
        await host.FollowingAsync(articles);
        await using var receiver = await Receiver.StartAsync();
        receiver.Answering = (_, _) => new Answer(410);
        var subscription = await host.SubscribeAsync(receiver.Url());

        var article = await articles.CreateAsync();
        await RpcAssert.Eventually(async () =>
            (await host.Admin.GetSubscriptionAsync(new GetSubscriptionRequest { Name = subscription.Name })).State == Subscription.Types.State.Paused,
            Patience, "the subscription to pause");
        var paused = await host.Admin.GetSubscriptionAsync(new GetSubscriptionRequest { Name = subscription.Name });
        Assert.Contains("410 Gone", paused.PauseReason, StringComparison.Ordinal);
        Assert.Contains(article.Name, paused.PauseReason, StringComparison.Ordinal);
        Assert.NotNull(paused.PauseTime);
        Assert.Empty(paused.Secret);
        var retitled = await articles.RetitleAsync(article, "Made while paused");
        await RpcAssert.Eventually(async () =>
        {
            var pending = await host.Admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = subscription.Name, State = DeliveryState.Pending });
            return pending.Deliveries.Any(d => d.Change.Resource == article.Name && d.Change.Revision == retitled.Revision);
        }, Patience, "the change made while paused to be kept");

        receiver.Answering = (_, _) => Answer.Ok;
        var resumed = await host.Admin.ResumeSubscriptionAsync(new ResumeSubscriptionRequest { Name = subscription.Name });

        Assert.Equal(Subscription.Types.State.Active, resumed.State);
        Assert.Empty(resumed.PauseReason);
        await RpcAssert.Eventually(() => Task.FromResult(receiver.Delivered.Count(d => d.Resource == article.Name) == 2), Patience, "both changes after resuming");
        // The 410, then the two changes: nothing was sent while paused.
        Assert.Equal(3, receiver.Requests.Count(r => r.Resource == article.Name));
        Assert.Equal(["article.created", "article.updated"], receiver.Delivered.Where(d => d.Resource == article.Name).Select(d => d.Type));
        Assert.Equal(retitled.Revision, receiver.Delivered.Last(d => d.Resource == article.Name).Revision);
    }

    [Fact]
    public async Task ADeliveryThatKeepsFailing_BecomesADeadLetter_ThatAnAdminRedelivers()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new WebhookHost(database, articles.Articles, new Dictionary<string, string?> { ["Webhooks:GiveUpAfter"] = "00:00:04" });
        await host.FollowingAsync(articles);
        await using var receiver = await Receiver.StartAsync();
        receiver.Answering = (_, _) => new Answer(503);
        var subscription = await host.SubscribeAsync(receiver.Url(), ChangeKind.Created);

        var article = await articles.CreateAsync();
        Delivery? dead = null;
        await RpcAssert.Eventually(async () =>
        {
            var failed = await host.Admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = subscription.Name, State = DeliveryState.Failed });
            dead = failed.Deliveries.SingleOrDefault(d => d.Change.Resource == article.Name);
            return dead is not null;
        }, Patience, "a dead letter");
        Assert.True(dead!.Attempts >= 2);
        Assert.Equal(503, dead.LastStatusCode);
        Assert.Contains("503", dead.LastError, StringComparison.Ordinal);
        Assert.Null(dead.NextAttemptTime);
        Assert.DoesNotContain(receiver.Delivered, d => d.Resource == article.Name);

        receiver.Answering = (_, _) => Answer.Ok;
        var again = await host.Admin.RedeliverDeliveryAsync(new RedeliverDeliveryRequest { Name = dead.Name });

        Assert.Equal(DeliveryState.Pending, again.State);
        // The receiver has it before the service records that it was taken.
        await RpcAssert.Eventually(async () => (await host.Admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = subscription.Name, State = DeliveryState.Delivered }))
            .Deliveries.Any(d => d.Name == dead.Name && d.DeliverTime is not null), Patience, "the redelivery to be recorded");
        Assert.Equal(dead.Name.Split('/')[^1], receiver.Delivered.Single(d => d.Resource == article.Name).Id["msg_".Length..]);
        // Pending again, and failing: a second redelivery has nothing to do.
        receiver.Answering = (_, _) => new Answer(503);
        await host.Admin.RedeliverDeliveryAsync(new RedeliverDeliveryRequest { Name = dead.Name });
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, async () => await host.Admin.RedeliverDeliveryAsync(new RedeliverDeliveryRequest { Name = dead.Name }));
    }

    [Fact]
    public async Task Redirects_AreFollowedOnTheSameHostOnly()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new WebhookHost(database, articles.Articles);
        await host.FollowingAsync(articles);
        await using var receiver = await Receiver.StartAsync();
        receiver.Answering = (request, _) => request.Path switch
        {
            "/moved" => new Answer(308, Location: "/hooks"),
            "/elsewhere" => new Answer(307, Location: $"http://localhost:{receiver.Port}/hooks"),
            _ => Answer.Ok,
        };
        var moved = await host.SubscribeAsync(receiver.Url("/moved"), ChangeKind.Created);
        var elsewhere = await host.SubscribeAsync(receiver.Url("/elsewhere"), ChangeKind.Created);

        var article = await articles.CreateAsync();

        await RpcAssert.Eventually(() => Task.FromResult(receiver.Delivered.Any(d => d.Resource == article.Name)), Patience, "the redirected delivery");
        Assert.Equal("/hooks", receiver.Delivered.Single(d => d.Resource == article.Name).Path);
        await RpcAssert.Eventually(async () =>
        {
            var pending = await host.Admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = elsewhere.Name });
            return pending.Deliveries.Any(d => d.Change.Resource == article.Name && d.LastError.Contains("another host", StringComparison.Ordinal));
        }, Patience, "the cross-host redirect to be refused");
        Assert.Single(receiver.Delivered, d => d.Resource == article.Name);
        Assert.NotEqual(moved.Secret, elsewhere.Secret);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task ARestartedService_GoesOnFromItsStoredPosition_MissingNothingAndQueueingNothingTwice(string provider)
    {
        await using var database = await TestDatabase.OfAsync(provider);
        await using var receiver = await Receiver.StartAsync();
        Subscription subscription;
        Article article;
        await using (var host = new WebhookHost(database, articles.Articles))
        {
            await host.FollowingAsync(articles);
            subscription = await host.SubscribeAsync(receiver.Url());
            article = await articles.CreateAsync();
            await RpcAssert.Eventually(() => Task.FromResult(receiver.Delivered.Any(d => d.Resource == article.Name)), Patience, "the first delivery");
        }

        // Made while no webhook service runs.
        article = await articles.RetitleAsync(article, "Changed while the webhooks were down");
        var other = await articles.CreateAsync();

        await using (var restarted = new WebhookHost(database, articles.Articles))
        {
            restarted.StartServer();
            await RpcAssert.Eventually(() => Task.FromResult(receiver.Delivered.Count(d => d.Resource == article.Name) == 2 && receiver.Delivered.Any(d => d.Resource == other.Name)),
                Patience, "the changes made while it was down");
            var later = await articles.RetitleAsync(other, "Changed after the restart");
            await RpcAssert.Eventually(() => Task.FromResult(receiver.Delivered.Count(d => d.Resource == other.Name) == 2), Patience, "a change after the restart");
            var deliveries = await restarted.Admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = subscription.Name, PageSize = 100 });
            var ours = deliveries.Deliveries.Where(d => d.Change.Resource == article.Name || d.Change.Resource == other.Name).ToList();
            Assert.Equal(4, ours.Count);
            Assert.Equal(4, ours.Select(d => (d.Change.Resource, d.Change.Sequence)).Distinct().Count());
            Assert.Equal(later.Revision, ours.First().Change.Revision);
        }
        Assert.Equal(4, receiver.Requests.Where(r => r.Resource == article.Name || r.Resource == other.Name).Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task APartnersSubscription_IsToldOfPublicChangesOnly()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new WebhookHost(database, articles.Articles);
        await host.FollowingAsync(articles);
        await using var receiver = await Receiver.StartAsync();
        await host.SubscribeAsync(receiver.Url(), newsroom: false);

        var draft = await articles.CreateAsync();
        await articles.RetitleAsync(draft, "Still a draft");
        await articles.Client.PublishArticleAsync(new PublishArticleRequest { Name = draft.Name });

        await RpcAssert.Eventually(() => Task.FromResult(receiver.Delivered.Any(d => d.Resource == draft.Name)), Patience, "the publication");
        var published = await articles.RetitleAsync(draft, "Published, then retitled");
        await RpcAssert.Eventually(() => Task.FromResult(receiver.Delivered.Count(d => d.Resource == draft.Name) == 2), Patience, "the retitling");
        Assert.Equal(["article.published", "article.updated"], receiver.Delivered.Where(d => d.Resource == draft.Name).Select(d => d.Type));
        Assert.Equal(published.Revision, receiver.Delivered[^1].Revision);
    }

    [Fact]
    public async Task AReceiverDownForAnHour_MissesNothing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var database = TestDatabase.Sqlite();
        // The defaults: the first retry after 5 s, doubling up to an hour between attempts, for 24 hours.
        await using var host = new WebhookHost(database, articles.Articles, new Dictionary<string, string?>
        {
            ["Webhooks:FirstRetryDelay"] = "00:00:05",
            ["Webhooks:MaxRetryDelay"] = "01:00:00",
        }, clock);
        await host.FollowingAsync(articles);
        await using var receiver = await Receiver.StartAsync();
        var subscription = await host.SubscribeAsync(receiver.Url());
        await receiver.StopAsync();

        var article = await articles.CreateAsync();
        article = await articles.RetitleAsync(article, "Retitled while the receiver is down");
        var published = await articles.Client.PublishArticleAsync(new PublishArticleRequest { Name = article.Name });
        await RpcAssert.Eventually(async () =>
        {
            var pending = await host.Admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = subscription.Name, State = DeliveryState.Pending });
            return pending.Deliveries.Count(d => d.Change.Resource == article.Name) == 3 && pending.Deliveries.Any(d => d.Attempts > 0);
        }, Patience, "three deliveries queued and tried");

        // An hour passes, a minute at a time, with the receiver's port closed: each minute the dispatcher wakes, tries
        // what is due and sleeps until the next try, which backs off until it is an hour away.
        for (var minute = 0; minute < 60; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await RpcAssert.Eventually(async () => (await HeadAsync(host, subscription, article))!.NextAttemptTime.ToDateTimeOffset() > clock.GetUtcNow(),
                Patience, "the dispatcher to try what was due and schedule its next try");
        }
        var head = (await HeadAsync(host, subscription, article))!;
        Assert.InRange(head.Attempts, 8, 14);
        Assert.Equal(DeliveryState.Pending, head.State);
        await receiver.StartAgainAsync();
        // The next attempt comes at most an hour (the longest wait) later.
        for (var minute = 0; minute < 70 && receiver.Delivered.Count(d => d.Resource == article.Name) < 3; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await RpcAssert.Eventually(async () => receiver.Delivered.Count(d => d.Resource == article.Name) == 3
                    || (await HeadAsync(host, subscription, article))?.NextAttemptTime.ToDateTimeOffset() is not { } next || next > clock.GetUtcNow(),
                Patience, "the dispatcher to try what was due");
        }

        await RpcAssert.Eventually(() => Task.FromResult(receiver.Delivered.Count(d => d.Resource == article.Name) == 3), Patience, "all three deliveries");
        Assert.Equal(["article.created", "article.updated", "article.published"], receiver.Delivered.Where(d => d.Resource == article.Name).Select(d => d.Type));
        Assert.Equal(published.Revision, receiver.Delivered.Last(d => d.Resource == article.Name).Revision);
        Assert.All(receiver.Delivered.Where(d => d.Resource == article.Name), d => Assert.True(d.SignedWith(subscription.Secret)));
    }

    /// <summary>The first of the article's pending deliveries, the one the others wait behind.</summary>
    private static async Task<Delivery?> HeadAsync(WebhookHost host, Subscription subscription, Article article)
    {
        var pending = await host.Admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = subscription.Name, State = DeliveryState.Pending, PageSize = 100 });
        return pending.Deliveries.Where(d => d.Change.Resource == article.Name).MinBy(d => d.Change.Sequence);
    }
}
