using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using NewsMesh.Articles.Tests.Integration;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Bylines;

public sealed class HangingAuthorServiceTests
{
    [Fact]
    public async Task AuthorServiceAcceptsButNeverAnswers_UnavailableAfterOwnTimeout_NothingWritten()
    {
        // A listener that takes connections and never speaks: the article service must give up by its own timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                held.Add(await silent.AcceptTcpClientAsync(stop.Token));
            }
        });
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?>
        {
            ["Articles:AuthorsAddress"] = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}",
            ["Articles:AuthorsTimeout"] = "00:00:00.300",
        });
        host.StartServer();
        var article = SampleArticles.New();

        var status = await RpcAssert.FailsWith(StatusCode.Unavailable,
            () => host.Client.CreateArticleAsync(new CreateArticleRequest { Article = article }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);

        Assert.Equal("AUTHORS_UNAVAILABLE", status.GetDetail<Google.Rpc.ErrorInfo>().Reason);
        Assert.Contains("DeadlineExceeded", status.Message, StringComparison.Ordinal);
        Assert.Empty((await host.Client.ListArticlesAsync(new ListArticlesRequest { Section = article.Section })).Articles);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
        held.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task CreateArticle_RetryWithSameRequestId_AnswersEvenWhenTheAuthorServiceIsGone()
    {
        await using var database = TestDatabase.Sqlite();
        var request = new CreateArticleRequest { Article = SampleArticles.New(), RequestId = Guid.NewGuid().ToString() };
        Article first;
        await using (var plain = new ArticleServiceHost(database))
        {
            plain.StartServer();
            first = await plain.Client.CreateArticleAsync(request);
        }

        // The same database, now pointed at an author service that is not there.
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?>
        {
            ["Articles:AuthorsAddress"] = $"http://127.0.0.1:{FreePorts.Next()}",
        });
        host.StartServer();
        request.RequestId = Guid.Parse(request.RequestId).ToString("B");

        Assert.Equal(first, await host.Client.CreateArticleAsync(request));
    }
}
