using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using NewsMesh.Articles.Caching;
using NewsMesh.Articles.Tests.Integration;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Caching;

/// <summary>The article service with Redis as its second cache level: a real redis-server each test owns.</summary>
public sealed class ArticleCacheTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _database = TestDatabase.Sqlite();
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _database.DisposeAsync();
    }

    private ArticleServiceHost StartHost(params (string Key, string Value)[] settings)
    {
        var all = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        all["Cache:Redis"] = _redis.Configuration;
        // These tests count what the cache does, not how fast Redis answers: on a loaded machine a Redis reply can
        // take longer than the production 250 ms, and the read would rightly go on without it. The outage test sets
        // its own short timeout.
        all.TryAdd("Cache:RedisTimeout", "00:00:05");
        var host = new ArticleServiceHost(_database, all);
        host.StartServer();
        return host;
    }

    private static ArticleCacheMetrics Metrics(ArticleServiceHost host) => host.Services.GetRequiredService<ArticleCacheMetrics>();

    /// <summary>Counting tests keep the create's second eviction out of their window.</summary>
    private static readonly (string, string) LateSecondEviction = ("Cache:SecondEviction", "00:00:30");

    [Fact]
    public async Task MemoryLevel_HoldsNoMoreThanMemoryEntries()
    {
        await using var host = StartHost(LateSecondEviction, ("Cache:MemoryEntries", "100"));
        var names = new List<string>();
        for (var i = 0; i < 150; i++)
        {
            names.Add((await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() })).Name);
        }
        foreach (var name in names)
        {
            await host.Client.GetArticleAsync(new GetArticleRequest { Name = name });
        }
        var metrics = Metrics(host);
        var hitsBefore = metrics.MemoryHits;

        foreach (var name in names)
        {
            await host.Client.GetArticleAsync(new GetArticleRequest { Name = name });
        }

        // Without the bound all 150 would be memory hits; with it, at most the 100 entries memory can hold.
        Assert.InRange(metrics.MemoryHits - hitsBefore, 0, 100);
    }

    [Fact]
    public async Task GetArticle_SecondRead_ServedFromMemory_AndRedisHoldsTheProtobufBytes()
    {
        await using var host = StartHost(LateSecondEviction);
        await using var probe = new CacheProbe(_redis.Configuration);
        await probe.WaitUntilServiceUsesRedisAsync(host.Client);
        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        var metrics = Metrics(host);

        var first = await host.Client.GetArticleAsync(new GetArticleRequest { Name = created.Name });
        var hitsBefore = metrics.MemoryHits;
        var loadsBefore = metrics.DatabaseLoads;
        var second = await host.Client.GetArticleAsync(new GetArticleRequest { Name = created.Name });

        Assert.Equal(first, second);
        Assert.Equal(hitsBefore + 1, metrics.MemoryHits);
        Assert.Equal(loadsBefore, metrics.DatabaseLoads);
        await RpcAssert.Eventually(async () => await probe.ArticleAsync(created.Name) is not null, TimeSpan.FromSeconds(5), "the article in Redis");
        Assert.Equal(created, await probe.ArticleAsync(created.Name));
    }

    [Fact]
    public async Task GetArticle_MemoryLevelOff_ServedFromRedis()
    {
        await using var host = StartHost(("Cache:MemoryEnabled", "false"), LateSecondEviction);
        await using var probe = new CacheProbe(_redis.Configuration);
        await probe.WaitUntilServiceUsesRedisAsync(host.Client);
        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        var metrics = Metrics(host);
        await host.Client.GetArticleAsync(new GetArticleRequest { Name = created.Name });
        await RpcAssert.Eventually(async () => await probe.ArticleAsync(created.Name) is not null, TimeSpan.FromSeconds(5), "the article in Redis");

        var loadsBefore = metrics.DatabaseLoads;
        var redisBefore = metrics.RedisHits;
        await host.Client.GetArticleAsync(new GetArticleRequest { Name = created.Name });

        Assert.Equal(redisBefore + 1, metrics.RedisHits);
        Assert.Equal(loadsBefore, metrics.DatabaseLoads);
    }

    [Fact]
    public async Task GetArticle_200ConcurrentColdReads_OneDatabaseLoad()
    {
        await using var host = StartHost(LateSecondEviction);
        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        var metrics = Metrics(host);
        var loadsBefore = metrics.DatabaseLoads;

        var reads = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
            await host.Client.GetArticleAsync(new GetArticleRequest { Name = created.Name })));

        Assert.All(reads, read => Assert.Equal(created.Revision, read.Revision));
        Assert.Equal(loadsBefore + 1, metrics.DatabaseLoads);
    }

    [Fact]
    public async Task Shutdown_SecondEvictionsStillWaiting_AreMadeBeforeTheCacheGoes()
    {
        await using var probe = new CacheProbe(_redis.Configuration);
        string name;
        await using (var host = StartHost(LateSecondEviction))
        {
            await probe.WaitUntilServiceUsesRedisAsync(host.Client);
            var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
            name = created.Name;
            await host.Client.UpdateArticleAsync(new UpdateArticleRequest
            {
                Article = new Article { Name = name, Headline = "Talks resume at the port" },
                UpdateMask = new FieldMask { Paths = { "headline" } },
            });
            // A read puts the article back in Redis, where only the update's second eviction, 30 s off, would take it out.
            await host.Client.GetArticleAsync(new GetArticleRequest { Name = name });
            await RpcAssert.Eventually(async () => await probe.ArticleAsync(name) is not null, TimeSpan.FromSeconds(10), "the article to reach Redis");
        }

        Assert.Null(await probe.ArticleAsync(name));
    }

    [Fact]
    public async Task Writes_EvictBeforeTheyAnswer_ReadYourWrites()
    {
        await using var host = StartHost();
        var client = host.Client;
        var created = await client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        await client.GetArticleAsync(new GetArticleRequest { Name = created.Name });
        await client.LookupArticleAsync(new LookupArticleRequest { Slug = created.Slug, LanguageCode = "en" });

        var updated = await client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name, Headline = "Talks resume at the port", Slug = SampleArticles.UniqueSlug("renamed") },
            UpdateMask = new FieldMask { Paths = { "headline", "slug" } },
        });
        Assert.Equal(updated, await client.GetArticleAsync(new GetArticleRequest { Name = created.Name }));
        Assert.Equal(updated, await client.LookupArticleAsync(new LookupArticleRequest { Slug = created.Slug, LanguageCode = "en" }));

        var published = await client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
        Assert.Equal(published, await client.GetArticleAsync(new GetArticleRequest { Name = created.Name }));

        await client.DeleteArticleAsync(new DeleteArticleRequest { Name = created.Name });
        await RpcAssert.FailsWith(StatusCode.NotFound, () => client.GetArticleAsync(new GetArticleRequest { Name = created.Name }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => client.LookupArticleAsync(new LookupArticleRequest { Slug = updated.Slug, LanguageCode = "en" }).ResponseAsync);
    }

    [Fact]
    public async Task LookupArticle_MissRemembered_ThenCreateMakesItFindable()
    {
        await using var host = StartHost(LateSecondEviction);
        var metrics = Metrics(host);
        var slug = SampleArticles.UniqueSlug();
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => host.Client.LookupArticleAsync(new LookupArticleRequest { Slug = slug, LanguageCode = "en" }).ResponseAsync);
        var loadsAfterFirstMiss = metrics.DatabaseLoads;
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => host.Client.LookupArticleAsync(new LookupArticleRequest { Slug = slug, LanguageCode = "en" }).ResponseAsync);
        Assert.Equal(loadsAfterFirstMiss, metrics.DatabaseLoads);

        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New(slug: slug) });

        Assert.Equal(created.Name, (await host.Client.LookupArticleAsync(new LookupArticleRequest { Slug = slug, LanguageCode = "en" })).Name);
    }

    [Fact]
    public async Task RedisKilledAndRestarted_ReadsAndWritesGoOn_CachingResumes()
    {
        await using var host = StartHost(("Cache:RedisTimeout", "00:00:00.200"));
        await using var probe = new CacheProbe(_redis.Configuration);
        var client = host.Client;
        await probe.WaitUntilServiceUsesRedisAsync(client);
        var cached = await client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        await client.GetArticleAsync(new GetArticleRequest { Name = cached.Name });
        await RpcAssert.Eventually(async () => await probe.ArticleAsync(cached.Name) is not null, TimeSpan.FromSeconds(5), "the article in Redis");

        await _redis.KillAsync();

        // Every call answers, and none waits on the dead Redis for long (the timeout is 200 ms; 2 s is a generous bound).
        var slowest = TimeSpan.Zero;
        async Task<T> Timed<T>(Func<Task<T>> call)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var result = await call();
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, started.Elapsed.Ticks));
            return result;
        }
        var created = await Timed(async () => await client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() }));
        for (var i = 0; i < 20; i++)
        {
            await Timed(async () => await client.GetArticleAsync(new GetArticleRequest { Name = cached.Name }));
            await Timed(async () => await client.GetArticleAsync(new GetArticleRequest { Name = created.Name }));
        }
        var updated = await Timed(async () => await client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = cached.Name, Headline = "Written while Redis was down" },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        }));
        Assert.Equal(updated, await Timed(async () => await client.GetArticleAsync(new GetArticleRequest { Name = cached.Name })));
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"the slowest call took {slowest.TotalMilliseconds:0} ms");

        await _redis.StartAgainAsync();
        await using var freshProbe = new CacheProbe(_redis.Configuration);

        // Caching resumes by itself: a new article read now reaches the restarted Redis. Each try reads one never read
        // before, since an article read while the connection was still coming back stays in memory only.
        await RpcAssert.Eventually(async () =>
        {
            var later = await client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
            await client.GetArticleAsync(new GetArticleRequest { Name = later.Name });
            return await freshProbe.ArticleAsync(later.Name) is not null;
        }, TimeSpan.FromSeconds(20), "caching to resume after Redis came back");
    }

    [Fact]
    public async Task RedisHangs_WritesAreAcknowledged_ReadsAnswer_NothingWaitsPastTheTimeout()
    {
        await using var host = StartHost(("Cache:RedisTimeout", "00:00:00.200"));
        await using var probe = new CacheProbe(_redis.Configuration);
        var client = host.Client;
        await probe.WaitUntilServiceUsesRedisAsync(client);
        var cached = await client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        await client.GetArticleAsync(new GetArticleRequest { Name = cached.Name });

        // Redis takes the connection's commands and answers none of them for three seconds: every command times out.
        using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.Configuration))
        {
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "3000", "ALL");
        }
        var started = System.Diagnostics.Stopwatch.StartNew();
        var created = await client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        var updated = await client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = cached.Name, Headline = "Written while Redis hung" },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        });
        var read = await client.GetArticleAsync(new GetArticleRequest { Name = cached.Name });
        var readNew = await client.GetArticleAsync(new GetArticleRequest { Name = created.Name });

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2.5), $"the calls took {started.ElapsedMilliseconds} ms");
        Assert.Equal(updated, read);
        Assert.Equal(created, readNew);
    }
}
