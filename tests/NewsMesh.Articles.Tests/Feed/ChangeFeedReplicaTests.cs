using System.Diagnostics;
using Grpc.Core;
using NewsMesh.Articles.Tests.Integration;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Feed;

/// <summary>Two real article-service processes sharing one database and one Redis: a write on one wakes the other's feed watchers.</summary>
public sealed class ChangeFeedReplicaTests
{
    [Fact]
    public async Task AChangeCommittedOnOneReplica_ReachesAWatcherOfTheOther_AtOnce_NotAtItsNextPoll()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var database = TestDatabase.Sqlite();
        // A poll a minute: only the relay over Redis can bring the change within seconds.
        string[] settings = ["Storage:DataDirectory=" + database.DataDirectory, "Cache:Redis=" + redis.Configuration, "Feed:PollInterval=00:01:00"];
        await using var replicaA = await ServiceProcess.StartAsync("articles", settings);
        await using var replicaB = await ServiceProcess.StartAsync("articles", settings);
        var a = new ArticleService.ArticleServiceClient(replicaA.Channel);
        var b = new ArticleService.ArticleServiceClient(replicaB.Channel);
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var watch = b.WatchChanges(new WatchChangesRequest(), cancellationToken: watching.Token);
        await watch.ResponseHeadersAsync;

        // The relay subscribes as the replicas start; a first change, waited for as long as a poll, makes sure of it.
        await a.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        await NextChangeAsync(watch, watching.Token);
        watching.CancelAfter(TimeSpan.FromSeconds(60));
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            var created = await a.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
            var change = await NextChangeAsync(watch, watching.Token);
            clock.Stop();

            Assert.Equal(created.Name, change.Resource);
            // Well short of the minute a poll would take, with room for a loaded machine.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"replica B's watcher got the change after {clock.ElapsedMilliseconds} ms");
        }
    }

    private static async Task<Change> NextChangeAsync(AsyncServerStreamingCall<WatchChangesResponse> watch, CancellationToken ct)
    {
        while (await watch.ResponseStream.MoveNext(ct))
        {
            if (watch.ResponseStream.Current.Change is { } change)
            {
                return change;
            }
        }
        throw new InvalidOperationException("The watch ended.");
    }
}
