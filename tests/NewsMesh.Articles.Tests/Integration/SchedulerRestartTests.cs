using Google.Protobuf.WellKnownTypes;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Tests.Integration;

public class SchedulerRestartTests
{
    [Fact]
    public async Task ScheduledArticle_DueWhileServiceWasDown_PublishedAfterRestart()
    {
        await using var database = TestDatabase.Sqlite();
        DateTime due;
        string name;
        // The first host's scheduler makes one pass at start and then sleeps, so only the restarted host can publish.
        await using (var first = new ArticleServiceHost(database, new Dictionary<string, string?> { ["Articles:SchedulerInterval"] = "00:10:00" }))
        {
            first.StartServer();
            var created = await first.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
            name = created.Name;
            due = DateTime.UtcNow.AddSeconds(1);
            var scheduled = await first.Client.PublishArticleAsync(new PublishArticleRequest { Name = name, PublishTime = Timestamp.FromDateTime(due) });
            Assert.Equal(State.Scheduled, scheduled.State);
        }

        await RpcAssert.Eventually(() => Task.FromResult(DateTime.UtcNow > due.AddSeconds(0.5)), TimeSpan.FromSeconds(5), "the publication time to pass");

        await using var second = new ArticleServiceHost(database);
        second.StartServer();
        await RpcAssert.Eventually(async () =>
            (await second.Client.GetArticleAsync(new GetArticleRequest { Name = name })).State == State.Published,
            TimeSpan.FromSeconds(10), "the restarted scheduler to publish");
    }
}
