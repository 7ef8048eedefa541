using Google.Protobuf;
using Grpc.Core;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>The benchmark's limit server (bench/NewsMesh.Bench.Limit): exactly what an anonymous GetArticle answers, and no more.</summary>
public sealed class BenchLimitTests
{
    private static readonly Method<GetArticleRequest, Article> Limit = new(
        MethodType.Unary, "newsmesh.bench.v1.Limit", "GetArticle",
        Marshallers.Create<GetArticleRequest>(r => r.ToByteArray(), GetArticleRequest.Parser.ParseFrom),
        Marshallers.Create<Article>(a => a.ToByteArray(), Article.Parser.ParseFrom));

    private static async Task<ServiceProcess> StartLimitAsync(ArticleServiceHost source) =>
        await ServiceProcess.StartAsync("bench/NewsMesh.Bench.Limit", $"Limit:Source=http://127.0.0.1:{source.GrpcPort}");

    private static AsyncUnaryCall<Article> CallLimit(ServiceProcess limit, string name) =>
        limit.Channel.CreateCallInvoker().AsyncUnaryCall(Limit, null, default, new GetArticleRequest { Name = name });

    [Fact]
    public async Task Limit_Published_AnswersWithTheStoredArticle_Missing_NotFound()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database);
        host.StartServer();
        await using var limit = await StartLimitAsync(host);
        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        var published = await host.Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });

        Assert.Equal(published, await CallLimit(limit, created.Name));
        Assert.Equal(published, await CallLimit(limit, created.Name));
        var e = await Assert.ThrowsAsync<RpcException>(() => CallLimit(limit, "articles/missing").ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task ListLimit_AnswersTheListTheServiceGives()
    {
        var list = new Method<ListArticlesRequest, ListArticlesResponse>(
            MethodType.Unary, "newsmesh.bench.v1.Limit", "ListArticles",
            Marshallers.Create<ListArticlesRequest>(r => r.ToByteArray(), ListArticlesRequest.Parser.ParseFrom),
            Marshallers.Create<ListArticlesResponse>(a => a.ToByteArray(), ListArticlesResponse.Parser.ParseFrom));
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database);
        host.StartServer();
        await using var limit = await StartLimitAsync(host);
        var section = SampleArticles.UniqueSection();
        for (var i = 0; i < 3; i++)
        {
            var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New(section) });
            await host.Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
        }
        var request = new ListArticlesRequest { Section = section, LanguageCode = "en", State = Article.Types.State.Published, PageSize = 2 };

        var fromLimit = await limit.Channel.CreateCallInvoker().AsyncUnaryCall(list, null, default, request);

        Assert.Equal(await host.Client.ListArticlesAsync(request), fromLimit);
        Assert.Equal(2, fromLimit.Articles.Count);
    }

    [Fact]
    public async Task Limit_ArticleUnpublished_NoLongerAnswered()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database);
        host.StartServer();
        await using var limit = await StartLimitAsync(host);
        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        await host.Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
        await CallLimit(limit, created.Name);

        await host.Client.UnpublishArticleAsync(new UnpublishArticleRequest { Name = created.Name });

        await RpcAssert.Eventually(async () =>
        {
            try
            {
                await CallLimit(limit, created.Name);
                return false;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(10), "the unpublished article to be NOT_FOUND from the limit server");
    }

    [Fact]
    public async Task Limit_Draft_IsNotFound_AsForAnAnonymousReader()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database);
        host.StartServer();
        await using var limit = await StartLimitAsync(host);
        var draft = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });

        var e = await Assert.ThrowsAsync<RpcException>(() => CallLimit(limit, draft.Name).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }
}
