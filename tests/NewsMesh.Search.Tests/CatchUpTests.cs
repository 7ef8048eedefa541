using Grpc.Core;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Testing;

namespace NewsMesh.Search.Tests;

/// <summary>The index keeps its feed positions: a search service that was down catches up, a new one builds itself, and an admin can rebuild.</summary>
[Collection(SearchMeshUsers.Name)]
public sealed class CatchUpTests(SearchMesh mesh)
{
    [Fact]
    public async Task ASearchServiceThatWasDown_CatchesUpOnWhatChanged_AndHoldsEachArticleOnce()
    {
        var data = Directory.CreateTempSubdirectory("newsmesh-search-catchup-").FullName;
        try
        {
            var word = SearchMesh.Word();
            var kept = await mesh.PublishedAsync($"Ferry {word} timetable", "Winter sailings.");
            var dropped = await mesh.PublishedAsync($"Ferry {word} fares", "Prices rise.");
            var request = new SearchArticlesRequest { Query = word };
            var search = await mesh.StartSearchAsync(data);
            using (var channel = search.ChannelWith(null))
            {
                await UntilAsync(new SearchService.SearchServiceClient(channel), request, a => a.TotalSize == 2);
            }
            await search.DisposeAsync();

            // While it is down: one article changes, one goes, one is new.
            var retitled = await mesh.Editor.UpdateArticleAsync(new UpdateArticleRequest
            {
                Article = new Article { Name = kept.Name, Headline = $"Ferry {word} timetable changes" },
                UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "headline" } },
            });
            await mesh.Editor.DeleteArticleAsync(new DeleteArticleRequest { Name = dropped.Name });
            var added = await mesh.PublishedAsync($"Ferry {word} strike", "Crews walk out.");

            await using var restarted = await mesh.StartSearchAsync(data);
            using var again = restarted.ChannelWith(null);
            var answer = await UntilAsync(new SearchService.SearchServiceClient(again), request,
                a => a.TotalSize == 2 && a.Hits.Any(h => h.Headline == retitled.Headline) && a.Hits.Any(h => h.Article == added.Name));

            Assert.Equal(new[] { added.Name, kept.Name }.Order(StringComparer.Ordinal), answer.Hits.Select(h => h.Article).Order(StringComparer.Ordinal));
            Assert.DoesNotContain(answer.Hits, h => h.Article == dropped.Name);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task ANewReplica_BuildsItsIndexFromTheArticleList_ThenFollowsTheFeed()
    {
        var data = Directory.CreateTempSubdirectory("newsmesh-search-replica-").FullName;
        try
        {
            var word = SearchMesh.Word();
            var before = await mesh.PublishedAsync($"Glacier {word} survey", "Measurements of the ice.");

            await using var replica = await mesh.StartSearchAsync(data);
            using var channel = replica.ChannelWith(null);
            var client = new SearchService.SearchServiceClient(channel);
            await UntilAsync(client, new SearchArticlesRequest { Query = word }, a => SearchMesh.Finds(a, before));
            var after = await mesh.PublishedAsync($"Glacier {word} retreat", "The ice is thinner.");

            await UntilAsync(client, new SearchArticlesRequest { Query = word }, a => a.TotalSize == 2 && SearchMesh.Finds(a, after));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Rebuild_StreamsItsProgress_AndLeavesTheIndexAsTheArticleServiceHoldsIt()
    {
        var word = SearchMesh.Word();
        var article = await mesh.PublishedAsync($"Lighthouse {word} restored", "Keepers return.");
        await mesh.UntilAsync(new SearchArticlesRequest { Query = word }, a => SearchMesh.Finds(a, article));

        var progress = new List<RebuildIndexResponse>();
        using (var call = mesh.SearchAs(SearchMesh.Token("admin")).RebuildIndex(new RebuildIndexRequest()))
        {
            await foreach (var step in call.ResponseStream.ReadAllAsync())
            {
                progress.Add(step);
            }
        }

        var done = progress[^1];
        Assert.True(done.Done);
        Assert.All(progress[..^1], p => Assert.False(p.Done));
        var listed = await CountArticlesAsync();
        Assert.Equal(listed, done.ArticlesIndexed);
        Assert.True(progress.Select(p => p.ArticlesIndexed).SequenceEqual(progress.Select(p => p.ArticlesIndexed).Order()));
        var answer = await mesh.SearchAs(null).SearchArticlesAsync(new SearchArticlesRequest { Query = word });
        Assert.Equal([article.Name], answer.Hits.Select(h => h.Article));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
        {
            using var refused = mesh.SearchAs(SearchMesh.Token("editor")).RebuildIndex(new RebuildIndexRequest());
            await refused.ResponseStream.MoveNext(CancellationToken.None);
        });
    }

    private async Task<int> CountArticlesAsync()
    {
        var count = 0;
        var request = new ListArticlesRequest { PageSize = 100 };
        do
        {
            var page = await mesh.Editor.ListArticlesAsync(request);
            count += page.Articles.Count;
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return count;
    }

    private static async Task<SearchArticlesResponse> UntilAsync(SearchService.SearchServiceClient client, SearchArticlesRequest request, Func<SearchArticlesResponse, bool> done)
    {
        SearchArticlesResponse? last = null;
        await RpcAssert.Eventually(async () => done(last = await client.SearchArticlesAsync(request)), SearchMesh.FollowTimeout * 3, $"the search for {request.Query}");
        return last!;
    }
}
