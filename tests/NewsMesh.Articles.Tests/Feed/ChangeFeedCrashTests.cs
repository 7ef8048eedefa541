using Grpc.Core;
using NewsMesh.Articles.Tests.Integration;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Feed;

/// <summary>
/// The article service as a real process, killed outright (SIGKILL) while creates stream in, then started again on
/// the same database: every acknowledged create is there with exactly one CREATED change, and every create that
/// left a change left its article: an article without its change, or a change without its article, is never seen.
/// </summary>
public sealed class ChangeFeedCrashTests
{
    private const int Writers = 6;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task KilledBetweenWritesAndAcknowledgements_LeavesNoChangeWithoutItsWriteNorTheReverse(string provider)
    {
        await using var database = await TestDatabase.OfAsync(provider);
        string[] storage = [.. database.Settings.Where(s => s.Value is not null).Select(s => $"{s.Key}={s.Value}")];
        var section = SampleArticles.UniqueSection();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        string start;
        await using (var service = await ServiceProcess.StartAsync("articles", storage))
        {
            var client = new ArticleService.ArticleServiceClient(service.Channel);
            start = (await client.ListChangesAsync(new ListChangesRequest())).NextCursor;
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var created = await client.CreateArticleAsync(new CreateArticleRequest
                        {
                            Article = SampleArticles.New(section),
                            RequestId = Guid.NewGuid().ToString(),
                        });
                        acknowledged.Add(created.Name);
                    }
                    catch (RpcException)
                    {
                        // The process is gone: what was in flight is neither acknowledged nor known to be lost.
                        return;
                    }
                }
            })).ToList();
            await RpcAssert.Eventually(() => Task.FromResult(acknowledged.Count >= 60), TimeSpan.FromSeconds(60), "60 acknowledged creates");

            await service.KillAsync();
            await Task.WhenAll(writers);
        }

        await using var restarted = await ServiceProcess.StartAsync("articles", storage);
        var editor = new ArticleService.ArticleServiceClient(restarted.Channel);
        var stored = new List<string>();
        var page = new ListArticlesResponse();
        do
        {
            page = await editor.ListArticlesAsync(new ListArticlesRequest { Section = section, State = Article.Types.State.Draft, PageSize = 100, PageToken = page.NextPageToken });
            stored.AddRange(page.Articles.Select(a => a.Name));
        }
        while (page.NextPageToken.Length > 0);
        var creations = new List<string>();
        var changes = new ListChangesResponse { NextCursor = start, More = true };
        while (changes.More)
        {
            changes = await editor.ListChangesAsync(new ListChangesRequest { After = changes.NextCursor, PageSize = 1000, Kinds = { ChangeKind.Created } });
            creations.AddRange(changes.Changes.Select(c => c.Resource));
        }

        Assert.Subset(stored.ToHashSet(), acknowledged.ToHashSet());
        Assert.Equal(stored.Order(), creations.Order());
        Assert.Equal(creations.Count, creations.Distinct().Count());
    }
}
