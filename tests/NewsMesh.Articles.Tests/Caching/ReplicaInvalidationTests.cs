using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Articles.Tests.Integration;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Caching;

/// <summary>Two real article-service processes sharing one database and one Redis.</summary>
public sealed class ReplicaInvalidationTests
{
    [Fact]
    public async Task WriteOnOneReplica_OtherReplicaServesNewVersionWithinOneSecond_NeverGoingBack()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var database = TestDatabase.Sqlite();
        const string articles = "articles";
        await using var replicaA = await ServiceProcess.StartAsync(articles, "Storage:DataDirectory=" + database.DataDirectory, "Cache:Redis=" + redis.Configuration);
        await using var replicaB = await ServiceProcess.StartAsync(articles, "Storage:DataDirectory=" + database.DataDirectory, "Cache:Redis=" + redis.Configuration);
        var a = new ArticleService.ArticleServiceClient(replicaA.Channel);
        var b = new ArticleService.ArticleServiceClient(replicaB.Channel);

        await using (var probe = new CacheProbe(redis.Configuration))
        {
            await probe.WaitUntilServiceUsesRedisAsync(a);
            await probe.WaitUntilServiceUsesRedisAsync(b);
        }

        var created = await a.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        // Both replicas now hold revision 1 in memory.
        Assert.Equal(1, (await a.GetArticleAsync(new GetArticleRequest { Name = created.Name })).Revision);
        Assert.Equal(1, (await b.GetArticleAsync(new GetArticleRequest { Name = created.Name })).Revision);

        var seen = new List<long>();
        for (var revision = 2; revision <= 4; revision++)
        {
            var written = await a.UpdateArticleAsync(new UpdateArticleRequest
            {
                Article = new Article { Name = created.Name, Headline = $"Revision {revision}" },
                UpdateMask = new FieldMask { Paths = { "headline" } },
            });
            var acknowledged = Stopwatch.StartNew();
            Assert.Equal(written, await a.GetArticleAsync(new GetArticleRequest { Name = created.Name }));

            long onB;
            do
            {
                onB = (await b.GetArticleAsync(new GetArticleRequest { Name = created.Name })).Revision;
                seen.Add(onB);
            }
            while (onB < written.Revision && acknowledged.Elapsed < TimeSpan.FromSeconds(5));

            Assert.Equal(written.Revision, onB);
            Assert.True(acknowledged.Elapsed < TimeSpan.FromSeconds(1), $"replica B served revision {onB} after {acknowledged.ElapsedMilliseconds} ms");
        }

        Assert.Equal(seen.Order(), seen);
        await RpcAssert.Eventually(async () => System.Text.RegularExpressions.Regex.IsMatch(await replicaB.GetStringAsync("/metrics"),
                "newsmesh_article_cache_backplane_messages_total\\{[^}]*direction=\"received\"[^}]*\\} [1-9]"),
            TimeSpan.FromSeconds(15), "replica B to count the backplane messages it received");
    }
}
