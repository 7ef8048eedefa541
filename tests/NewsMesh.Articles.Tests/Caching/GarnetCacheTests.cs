using System.Globalization;
using Garnet;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Articles.Tests.Integration;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Caching;

/// <summary>The embedded default: Garnet in-process, speaking the Redis protocol, behind the same cache code.</summary>
public sealed class GarnetCacheTests
{
    [Fact]
    public async Task Garnet_AsSecondLevel_CachesAndEvicts()
    {
        var port = FreePorts.Next();
        using var garnet = new GarnetServer(["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1"]);
        garnet.Start();
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?>
        {
            ["Cache:Redis"] = $"127.0.0.1:{port}",
            // The eviction is checked right after the write; on a loaded machine Garnet may answer later than 250 ms.
            ["Cache:RedisTimeout"] = "00:00:05",
        });
        host.StartServer();
        await using var probe = new CacheProbe($"127.0.0.1:{port}");
        await probe.WaitUntilServiceUsesRedisAsync(host.Client);

        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        await host.Client.GetArticleAsync(new GetArticleRequest { Name = created.Name });
        await RpcAssert.Eventually(async () => await probe.ArticleAsync(created.Name) is not null, TimeSpan.FromSeconds(5), "the article in Garnet");
        Assert.Equal(created, await probe.ArticleAsync(created.Name));

        var updated = await host.Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name, Headline = "Updated with Garnet behind" },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        });

        Assert.Null(await probe.ArticleAsync(created.Name));
        Assert.Equal(updated, await host.Client.GetArticleAsync(new GetArticleRequest { Name = created.Name }));
    }
}
