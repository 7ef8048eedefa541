using System.Net;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Gateway.Tests;

/// <summary>A cluster of two article replicas on one database: the gateway spreads reads and routes round a dead one.</summary>
[Collection(GatewayProcesses.Name)]
public sealed class ReplicaTests
{
    [Fact]
    public async Task OneReplicaDies_ReadsKeepAnswering()
    {
        await using var database = TestDatabase.Sqlite();
        var storage = "Storage:DataDirectory=" + database.DataDirectory;
        const string articles = "articles";
        await using var a = await ServiceProcess.StartAsync(articles, storage);
        await using var b = await ServiceProcess.StartAsync(articles, storage);
        await using var gateway = await ServiceProcess.StartAsync("gateway",
            "ReverseProxy:Clusters:articles:Destinations:primary:Address=" + a.GrpcAddress,
            "ReverseProxy:Clusters:articles:Destinations:b:Address=" + b.GrpcAddress,
            "ReverseProxy:Clusters:articles:HealthCheck:Active:Interval=00:00:01");
        var editor = new ArticleService.ArticleServiceClient(a.Channel);
        var created = await editor.PublishArticleAsync(new PublishArticleRequest
        {
            Name = (await editor.CreateArticleAsync(new CreateArticleRequest
            {
                Article = new Article { Slug = "replica-story", LanguageCode = "en", Section = "world", Headline = "Two replicas, one story" },
            })).Name,
        });
        using var web = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.HttpPort}") };
        for (var i = 0; i < 20; i++)
        {
            using var response = await web.GetAsync($"/v1/{created.Name}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        // Each replica's cache loaded the article from the database on its first read: both have served.
        Assert.True(await DatabaseLoadsAsync(a) >= 1, "replica a served no read");
        Assert.True(await DatabaseLoadsAsync(b) >= 1, "replica b served no read");

        await a.KillAsync();

        // Health checks take the dead replica out; from then on every read is answered by the other.
        await RpcAssert.Eventually(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                using var response = await web.GetAsync($"/v1/{created.Name}");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }
            }
            return true;
        }, TimeSpan.FromSeconds(15), "every read to be answered by the live replica");
    }

    [Fact]
    public async Task OneReplicaDies_WithoutActiveChecks_PassiveHealthTakesItOutAfterThreeFailures_OneMoreAtMost()
    {
        await using var database = TestDatabase.Sqlite();
        var storage = "Storage:DataDirectory=" + database.DataDirectory;
        await using var a = await ServiceProcess.StartAsync("articles", storage);
        await using var b = await ServiceProcess.StartAsync("articles", storage);
        await using var gateway = await ServiceProcess.StartAsync("gateway",
            "ReverseProxy:Clusters:articles:Destinations:primary:Address=" + a.GrpcAddress,
            "ReverseProxy:Clusters:articles:Destinations:b:Address=" + b.GrpcAddress,
            "ReverseProxy:Clusters:articles:HealthCheck:Active:Enabled=false",
            "ReverseProxy:Clusters:articles:HealthCheck:Passive:ReactivationPeriod=00:01:00");
        var editor = new ArticleService.ArticleServiceClient(a.Channel);
        var created = await editor.PublishArticleAsync(new PublishArticleRequest
        {
            Name = (await editor.CreateArticleAsync(new CreateArticleRequest
            {
                Article = new Article { Slug = "passive-story", LanguageCode = "en", Section = "world", Headline = "One replica left" },
            })).Name,
        });
        using var web = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.HttpPort}") };
        for (var i = 0; i < 20; i++)
        {
            using var response = await web.GetAsync($"/v1/{created.Name}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await a.KillAsync();

        // One request at a time: each failure is one the dead replica was picked for, and the third takes it out. YARP
        // applies a health change to the cluster's list of destinations on the thread pool, so the request right after
        // the third may still be sent to it.
        var failures = 0;
        for (var answered = 0; answered < 40; answered++)
        {
            using var response = await web.GetAsync($"/v1/{created.Name}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                failures++;
            }
        }
        Assert.InRange(failures, 0, 4);
        Assert.True(await DatabaseLoadsAsync(b) >= 1, "replica b served no read");
    }

    private static Task<double> DatabaseLoadsAsync(ServiceProcess replica) =>
        replica.CounterAsync("newsmesh_article_cache_database_loads_total");
}
