using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewsMesh.Articles.Caching;
using NewsMesh.Articles.Tests.Integration;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.ServiceDefaults.Http;
using NewsMesh.Testing;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Tests.Caching;

/// <summary>
/// Fronts (the first page of a language's or a section's published articles) kept in memory and Redis, and let go
/// when a change names them: on the replica that wrote it, and on the others through the feed they follow.
/// </summary>
public sealed class FrontCacheTests
{
    private static ListArticlesRequest Front(string section, int pageSize = 20) =>
        new() { Section = section, LanguageCode = "en", State = State.Published, PageSize = pageSize };

    private static async Task<Article> PublishedAsync(ArticleService.ArticleServiceClient client, string section, DateTimeOffset? at = null)
    {
        var created = await client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New(section) });
        return await client.PublishArticleAsync(new PublishArticleRequest
        {
            Name = created.Name,
            PublishTime = at is { } time ? Timestamp.FromDateTimeOffset(time) : null,
        });
    }

    [Fact]
    public async Task Front_SecondReadFromMemory_SameArticlesAndWorkingToken_OverGrpcAndJson()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database);
        host.StartServer();
        var client = host.Client;
        var section = SampleArticles.UniqueSection();
        var now = DateTimeOffset.UtcNow;
        var published = new List<Article>();
        for (var i = 0; i < 3; i++)
        {
            published.Add(await PublishedAsync(client, section, now.AddMinutes(i - 10)));
        }
        var draft = await client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New(section) });
        var metrics = host.Services.GetRequiredService<ArticleCacheMetrics>();
        // Until the service follows its feed, it trusts no kept front: wait for the first one read from memory.
        await RpcAssert.Eventually(async () =>
        {
            await client.ListArticlesAsync(Front(SampleArticles.UniqueSection()));
            var before = metrics.DatabaseLoads;
            await client.ListArticlesAsync(Front(section));
            await client.ListArticlesAsync(Front(section));
            return metrics.DatabaseLoads - before <= 1;
        }, TimeSpan.FromSeconds(10), "the service to follow its feed");

        var loads = metrics.DatabaseLoads;
        var first = await client.ListArticlesAsync(Front(section, 2));
        var second = await client.ListArticlesAsync(Front(section, 2));

        Assert.Equal(loads, metrics.DatabaseLoads);
        Assert.Equal(first, second);
        Assert.Equal([published[2], published[1]], second.Articles);
        Assert.DoesNotContain(draft.Name, second.Articles.Select(a => a.Name));
        var next = Front(section, 2);
        next.PageToken = second.NextPageToken;
        var rest = await client.ListArticlesAsync(next);
        Assert.Equal([published[0]], rest.Articles);
        Assert.Empty(rest.NextPageToken);

        var all = await client.ListArticlesAsync(Front(section));
        Assert.Equal(loads, metrics.DatabaseLoads);
        Assert.Equal([published[2], published[1], published[0]], all.Articles);
        Assert.Empty(all.NextPageToken);

        using var http = host.CreateHttpClient(null);
        var json = await http.GetStringAsync($"/v1/articles?section={section}&languageCode=en&state=STATE_PUBLISHED&pageSize=2");
        Assert.Equal(second, JsonParser.Default.Parse<ListArticlesResponse>(json));
    }

    [Fact]
    public async Task ArticleJoinsOrLeavesTheFront_EveryReplicaShowsItWithinOneSecond()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var database = TestDatabase.Sqlite();
        string[] settings = ["Storage:DataDirectory=" + database.DataDirectory, "Cache:Redis=" + redis.Configuration];
        await using var replicaA = await ServiceProcess.StartAsync("articles", settings);
        await using var replicaB = await ServiceProcess.StartAsync("articles", settings);
        var a = new ArticleService.ArticleServiceClient(replicaA.Channel);
        var b = new ArticleService.ArticleServiceClient(replicaB.Channel);
        var section = SampleArticles.UniqueSection();
        var first = await PublishedAsync(a, section, DateTimeOffset.UtcNow.AddMinutes(-5));

        // Both replicas hold the front and answer it from their memory: reading it again loads nothing.
        foreach (var replica in new[] { replicaA, replicaB })
        {
            var client = new ArticleService.ArticleServiceClient(replica.Channel);
            await RpcAssert.Eventually(async () =>
            {
                await client.ListArticlesAsync(Front(section));
                var before = await replica.CounterAsync("newsmesh_article_cache_database_loads_total");
                var front = await client.ListArticlesAsync(Front(section));
                return front.Articles.Count == 1 && await replica.CounterAsync("newsmesh_article_cache_database_loads_total") == before;
            }, TimeSpan.FromSeconds(15), "each replica to answer the front from memory");
        }

        var joined = await PublishedAsync(a, section);
        var acknowledged = Stopwatch.StartNew();
        Assert.Equal([joined.Name, first.Name], (await a.ListArticlesAsync(Front(section))).Articles.Select(x => x.Name));
        await AssertWithinOneSecond(b, section, [joined.Name, first.Name], acknowledged);

        var left = await a.UnpublishArticleAsync(new UnpublishArticleRequest { Name = joined.Name });
        acknowledged.Restart();
        Assert.Equal([first.Name], (await a.ListArticlesAsync(Front(section))).Articles.Select(x => x.Name));
        await AssertWithinOneSecond(b, section, [first.Name], acknowledged);
        Assert.Equal(State.Unpublished, left.State);
    }

    private static async Task AssertWithinOneSecond(ArticleService.ArticleServiceClient replica, string section, string[] expected, Stopwatch acknowledged)
    {
        string[] shown;
        do
        {
            shown = [.. (await replica.ListArticlesAsync(Front(section))).Articles.Select(x => x.Name)];
        }
        while (!shown.SequenceEqual(expected) && acknowledged.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(expected, shown);
        Assert.True(acknowledged.Elapsed < TimeSpan.FromSeconds(1), $"the other replica showed the change after {acknowledged.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task ScheduledStory_JoinsTheFront_WhenPublished_AndNoCacheIsToldToKeepItLonger()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database);
        host.StartServer();
        var client = host.Client;
        var section = SampleArticles.UniqueSection();
        var shown = await PublishedAsync(client, section, DateTimeOffset.UtcNow.AddMinutes(-5));
        var created = await client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New(section) });
        var due = DateTimeOffset.UtcNow.AddSeconds(3);
        var scheduled = await client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name, PublishTime = Timestamp.FromDateTimeOffset(due) });
        Assert.Equal(State.Scheduled, scheduled.State);

        var call = client.ListArticlesAsync(Front(section));
        var front = await call;
        var statement = (await call.ResponseHeadersAsync).GetValue(SharedCache.Header);
        Assert.Equal([shown.Name], front.Articles.Select(x => x.Name));
        Assert.Matches(@"^public, max-age=[0-3]$", statement);

        await RpcAssert.Eventually(async () => (await client.ListArticlesAsync(Front(section))).Articles.Count == 2, TimeSpan.FromSeconds(15), "the scheduled story on the front");
        var now = (await client.ListArticlesAsync(Front(section))).Articles;
        Assert.Equal([created.Name, shown.Name], now.Select(x => x.Name));
        Assert.True(DateTimeOffset.UtcNow >= due);
    }

    [Fact]
    public async Task Front_IsReadAgainOnceItsNextScheduledArticleIsDue_EvenBeforeTheSchedulerPublishesIt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var database = TestDatabase.Sqlite();
        // The scheduler waits its longest, so that only the due time can make the front stale.
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?> { ["Articles:SchedulerInterval"] = "00:10:00" }, clock);
        host.StartServer();
        var client = host.Client;
        var section = SampleArticles.UniqueSection();
        var shown = await PublishedAsync(client, section, clock.GetUtcNow().AddMinutes(-5));
        var created = await client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New(section) });
        await client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name, PublishTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddMinutes(5)) });
        var metrics = host.Services.GetRequiredService<ArticleCacheMetrics>();
        await RpcAssert.Eventually(async () =>
        {
            var before = metrics.DatabaseLoads;
            await client.ListArticlesAsync(Front(section));
            return metrics.DatabaseLoads == before;
        }, TimeSpan.FromSeconds(10), "the front to be answered from memory");

        clock.Advance(TimeSpan.FromMinutes(4));
        var loads = metrics.DatabaseLoads;
        await client.ListArticlesAsync(Front(section));
        Assert.Equal(loads, metrics.DatabaseLoads);

        clock.Advance(TimeSpan.FromMinutes(2));
        var due = await client.ListArticlesAsync(Front(section));
        Assert.Equal(loads + 1, metrics.DatabaseLoads);
        Assert.Equal([shown.Name], due.Articles.Select(x => x.Name));
    }
}
