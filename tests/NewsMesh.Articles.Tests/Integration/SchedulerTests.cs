using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>The scheduler on a fake clock: time passes when the test says so, not while it waits.</summary>
public class SchedulerTests
{
    /// <summary>The due-articles query runs on both providers.</summary>
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task PublishArticle_FutureTime_ScheduledThenPublishedWhenDue(string provider)
    {
        await using var database = await TestDatabase.OfAsync(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ArticleServiceHost(database, clock: clock);
        host.StartServer();
        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        // A minute ahead: the server tells time by the same clock, and a jump past its keep-alive timeout (130 s)
        // would close the test's connection.
        var due = clock.GetUtcNow().AddMinutes(1);

        var scheduled = await host.Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name, PublishTime = Timestamp.FromDateTimeOffset(due) });
        Assert.Equal(State.Scheduled, scheduled.State);
        Assert.Null(scheduled.FirstPublishTime);

        clock.Advance(TimeSpan.FromMinutes(1));
        await RpcAssert.Eventually(async () =>
        {
            // One scheduler interval per look, so that its timer comes round.
            clock.Advance(TimeSpan.FromMilliseconds(200));
            return (await host.Client.GetArticleAsync(new GetArticleRequest { Name = created.Name })).State == State.Published;
        }, TimeSpan.FromSeconds(10), "the scheduler to publish the article");
        var published = await host.Client.GetArticleAsync(new GetArticleRequest { Name = created.Name });
        Assert.Equal(Timestamp.FromDateTimeOffset(due), published.PublishTime);
        Assert.Equal(published.PublishTime, published.FirstPublishTime);
        var revision = (await host.Client.ListArticleRevisionsAsync(new ListArticleRevisionsRequest { Parent = created.Name })).Revisions[0];
        Assert.Equal(("PublishArticle", "newsmesh-articles", "service"), (revision.Rpc, revision.Actor, revision.ActorRole));
        Assert.Equal(published, revision.Article);
    }

    [Fact]
    public async Task ScheduledArticle_DueWhileServiceWasDown_PublishedAfterRestart()
    {
        await using var database = TestDatabase.Sqlite();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string name;
        // The first host's scheduler makes one pass at start and then sleeps (its clock never moves), so only the
        // restarted host can publish.
        await using (var first = new ArticleServiceHost(database, new Dictionary<string, string?> { ["Articles:SchedulerInterval"] = "00:10:00" }, clock))
        {
            first.StartServer();
            var created = await first.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
            name = created.Name;
            var scheduled = await first.Client.PublishArticleAsync(new PublishArticleRequest { Name = name, PublishTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddHours(1)) });
            Assert.Equal(State.Scheduled, scheduled.State);
        }

        // The service is down while the publication time passes.
        clock.Advance(TimeSpan.FromHours(2));

        await using var second = new ArticleServiceHost(database, clock: clock);
        second.StartServer();
        await RpcAssert.Eventually(async () =>
            (await second.Client.GetArticleAsync(new GetArticleRequest { Name = name })).State == State.Published,
            TimeSpan.FromSeconds(10), "the restarted scheduler to publish");
    }
}
