using Google.Protobuf;
using Grpc.Core;
using NewsMesh.Articles.Bench;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>The benchmark's limit endpoint: off unless configured, and exactly GetArticle's answer when on.</summary>
public sealed class BenchBaselineTests
{
    private static readonly Method<GetArticleRequest, Article> Baseline = new(
        MethodType.Unary, BaselineService.ServiceName, "GetArticle",
        Marshallers.Create<GetArticleRequest>(r => r.ToByteArray(), GetArticleRequest.Parser.ParseFrom),
        Marshallers.Create<Article>(a => a.ToByteArray(), Article.Parser.ParseFrom));

    private static AsyncUnaryCall<Article> CallBaseline(ArticleServiceHost host, string name) =>
        host.Channel.CreateCallInvoker().AsyncUnaryCall(Baseline, null, default, new GetArticleRequest { Name = name });

    [Fact]
    public async Task Baseline_NotConfigured_IsNotExposed()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database);
        host.StartServer();
        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });

        var e = await Assert.ThrowsAsync<RpcException>(() => CallBaseline(host, created.Name).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
    }

    [Fact]
    public async Task Baseline_Configured_AnswersWithTheStoredArticle()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?> { [BenchExtensions.BaselineSetting] = "true" });
        host.StartServer();
        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        var published = await host.Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });

        Assert.Equal(published, await CallBaseline(host, created.Name));
        Assert.Equal(published, await CallBaseline(host, created.Name));
        var e = await Assert.ThrowsAsync<RpcException>(() => CallBaseline(host, "articles/missing").ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task Baseline_ArticleUnpublished_NoLongerAnswered()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?> { [BenchExtensions.BaselineSetting] = "true" });
        host.StartServer();
        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        await host.Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
        await CallBaseline(host, created.Name);

        await host.Client.UnpublishArticleAsync(new UnpublishArticleRequest { Name = created.Name });

        await RpcAssert.Eventually(async () =>
        {
            try
            {
                await CallBaseline(host, created.Name);
                return false;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(10), "the unpublished article to be NOT_FOUND from the baseline");
    }

    [Fact]
    public async Task Baseline_Draft_IsNotFound_AsForAnAnonymousReader()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?> { [BenchExtensions.BaselineSetting] = "true" });
        host.StartServer();
        var draft = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });

        var e = await Assert.ThrowsAsync<RpcException>(() => CallBaseline(host, draft.Name).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }
}
