using System.Net;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NewsMesh.Articles.Caching;
using NewsMesh.Articles.Tests.Integration;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Caching;

/// <summary>
/// Hot reads answered with the bytes an article is stored as: the same message as serialising it, from the database,
/// memory and Redis alike, the same article over JSON, and still only to callers who may see it.
/// </summary>
public sealed class EncodedReadTests : IAsyncLifetime
{
    private static readonly Method<GetArticleRequest, byte[]> RawGet = new(
        MethodType.Unary, ArticleService.Descriptor.FullName, "GetArticle",
        Marshallers.Create<GetArticleRequest>(r => r.ToByteArray(), GetArticleRequest.Parser.ParseFrom),
        Marshallers.Create<byte[]>(b => b, b => b));

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

    private ArticleServiceHost StartHost(bool memory)
    {
        var host = new ArticleServiceHost(_database, new Dictionary<string, string?>
        {
            ["Cache:Redis"] = _redis.Configuration,
            ["Cache:RedisTimeout"] = "00:00:05",
            ["Cache:MemoryEnabled"] = memory ? "true" : "false",
        });
        host.StartServer();
        return host;
    }

    [Theory]
    [InlineData("GetArticle")]
    [InlineData("LookupArticle")]
    [InlineData("ListArticles")]
    public async Task GrpcPath_IsAnsweredByTheEncodedMethod_TheGeneratedOneRankedBelow(string method)
    {
        await using var host = StartHost(memory: true);
        var path = $"/{ArticleService.Descriptor.FullName}/{method}";
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText == path).OrderBy(e => e.Order).ToList();

        Assert.Equal(2, endpoints.Count);
        Assert.True(endpoints[0].Order < endpoints[1].Order);
        var answered = endpoints[0].Metadata.GetRequiredMetadata<GrpcMethodMetadata>().Method.GetType().GetGenericArguments()[1];
        var ranked = endpoints[1].Metadata.GetRequiredMetadata<GrpcMethodMetadata>().Method.GetType().GetGenericArguments()[1];
        Assert.Contains(answered, new[] { typeof(EncodedArticle), typeof(Grpc.EncodedList) });
        Assert.Contains(ranked, new[] { typeof(Article), typeof(ListArticlesResponse) });
        // A call goes through routing end to end, and is answered.
        await host.Client.ListArticlesAsync(new ListArticlesRequest());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetArticle_FromDatabaseThenCache_AnswersBytesThatAreTheMessage_AsJsonShowsIt(bool memory)
    {
        await using var host = StartHost(memory);
        await using var probe = new CacheProbe(_redis.Configuration);
        await probe.WaitUntilServiceUsesRedisAsync(host.Client);
        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        var published = await host.Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
        var metrics = host.Services.GetRequiredService<ArticleCacheMetrics>();
        var invoker = host.Channel.CreateCallInvoker();
        var request = new GetArticleRequest { Name = created.Name };

        var loads = metrics.DatabaseLoads;
        var fromDatabase = await invoker.AsyncUnaryCall(RawGet, null, default, request);
        Assert.Equal(loads + 1, metrics.DatabaseLoads);
        await RpcAssert.Eventually(async () => await probe.ArticleAsync(created.Name) is not null, TimeSpan.FromSeconds(5), "the article in Redis");
        var (memoryHits, redisHits) = (metrics.MemoryHits, metrics.RedisHits);
        var fromCache = await invoker.AsyncUnaryCall(RawGet, null, default, request);

        Assert.Equal(loads + 1, metrics.DatabaseLoads);
        Assert.Equal(memory ? (memoryHits + 1, redisHits) : (memoryHits, redisHits + 1), (metrics.MemoryHits, metrics.RedisHits));
        Assert.Equal(published.ToByteArray(), fromDatabase);
        Assert.Equal(published.ToByteArray(), fromCache);
        Assert.Equal(published, Article.Parser.ParseFrom(fromCache));

        using var http = host.CreateHttpClient(null);
        var json = await http.GetStringAsync($"/v1/{created.Name}");
        Assert.Equal(published, JsonParser.Default.Parse<Article>(json));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Draft_HeldByTheCache_IsStillNotFoundToThoseWhoMayNotSeeIt(bool memory)
    {
        await using var host = StartHost(memory);
        await using var probe = new CacheProbe(_redis.Configuration);
        await probe.WaitUntilServiceUsesRedisAsync(host.Client);
        using var reporter = host.ChannelWith(TestIdentity.Shared.Token("reporter-a", "reporter"));
        using var otherReporter = host.ChannelWith(TestIdentity.Shared.Token("reporter-b", "reporter"));
        using var anonymous = host.ChannelWith(null);
        var draft = await new ArticleService.ArticleServiceClient(reporter).CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });

        // An editor's read puts it in the cache: every later read below is a hit.
        Assert.Equal(draft, await host.Client.GetArticleAsync(new GetArticleRequest { Name = draft.Name }));
        await RpcAssert.Eventually(async () => await probe.ArticleAsync(draft.Name) is not null, TimeSpan.FromSeconds(5), "the draft in Redis");

        Assert.Equal(draft, await new ArticleService.ArticleServiceClient(reporter).GetArticleAsync(new GetArticleRequest { Name = draft.Name }));
        foreach (var channel in new[] { anonymous, otherReporter })
        {
            var client = new ArticleService.ArticleServiceClient(channel);
            var byName = await Assert.ThrowsAsync<RpcException>(async () => await client.GetArticleAsync(new GetArticleRequest { Name = draft.Name }));
            var bySlug = await Assert.ThrowsAsync<RpcException>(async () =>
                await client.LookupArticleAsync(new LookupArticleRequest { Slug = draft.Slug, LanguageCode = draft.LanguageCode }));
            Assert.Equal(StatusCode.NotFound, byName.StatusCode);
            Assert.Equal(StatusCode.NotFound, bySlug.StatusCode);
        }
        using var http = host.CreateHttpClient(null);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/v1/{draft.Name}")).StatusCode);
    }
}
