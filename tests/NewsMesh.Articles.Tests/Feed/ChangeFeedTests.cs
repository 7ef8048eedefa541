using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using NewsMesh.Articles.Tests.Integration;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Feed;

/// <summary>The article service's change feed over real gRPC, on SQLite and PostgreSQL.</summary>
public class ChangeFeedTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task EveryWrite_LeavesOneChange_WithWhatHappened_AndTheKeysItTouches(string provider)
    {
        await using var database = await TestDatabase.OfAsync(provider);
        await using var host = new ArticleServiceHost(database);
        host.StartServer();
        var editor = host.Client;
        var section = SampleArticles.UniqueSection();
        var start = (await editor.ListChangesAsync(new ListChangesRequest())).NextCursor;

        var created = await editor.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New(section) });
        var updated = await editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name, Headline = "A new headline" },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        });
        var published = await editor.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
        var corrected = await editor.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = created.Name,
            Type = Correction.Types.Type.Clarification,
            Text = "The headline was clarified.",
        });
        var unpublished = await editor.UnpublishArticleAsync(new UnpublishArticleRequest { Name = created.Name });
        await RpcAssert.FailsWith(StatusCode.Aborted, () => editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name, Headline = "Too late", Etag = created.Etag },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        }).ResponseAsync);
        var deleted = await editor.DeleteArticleAsync(new DeleteArticleRequest { Name = created.Name });

        var changes = (await editor.ListChangesAsync(new ListChangesRequest { After = start })).Changes;
        Assert.Equal(
            [ChangeKind.Created, ChangeKind.Updated, ChangeKind.Published, ChangeKind.Corrected, ChangeKind.Unpublished, ChangeKind.Deleted],
            changes.Select(c => c.Kind));
        Assert.Equal([created.Revision, updated.Revision, published.Revision, corrected.Revision, unpublished.Revision, deleted.Revision],
            changes.Select(c => c.Revision));
        Assert.All(changes, c => Assert.Equal((created.Name, "newsmesh.article.v1.Article", "test-editor"), (c.Resource, c.ResourceType, c.Actor)));
        Assert.Equal(Enumerable.Range(0, changes.Count).Select(i => changes[0].Sequence + i), changes.Select(c => c.Sequence));
        var id = created.Name["articles/".Length..];
        Assert.Superset(new HashSet<string> { $"article:{id}", $"section:{section}/en", "front:en", $"story:{created.TranslationGroup}" },
            changes[0].SurrogateKeys.ToHashSet());
    }

    /// <summary>
    /// The classic outbox gap: numbers taken in one order, committed in another, so a reader at 42 never sees 41.
    /// Writers race while a reader follows the feed page by page; the reader must end up with every change, each once,
    /// and each page must carry on exactly where the last one ended. Failed writes (stale etags) leave nothing.
    /// </summary>
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task ConcurrentWriters_NeverMakeAReaderSkipAChange(string provider)
    {
        await using var database = await TestDatabase.OfAsync(provider);
        await using var host = new ArticleServiceHost(database);
        host.StartServer();
        var editor = host.Client;
        var first = await editor.ListChangesAsync(new ListChangesRequest());
        const int Writers = 8, WritesEach = 15;
        var written = new System.Collections.Concurrent.ConcurrentBag<(string Name, long Revision)>();
        var writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var section = SampleArticles.UniqueSection();
            for (var i = 0; i < WritesEach; i++)
            {
                var article = await editor.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New(section) });
                written.Add((article.Name, article.Revision));
                // Two writers on one article with the same etag: one wins, the loser leaves no change.
                var update = new UpdateArticleRequest
                {
                    Article = new Article { Name = article.Name, Headline = "Raced", Etag = article.Etag },
                    UpdateMask = new FieldMask { Paths = { "headline" } },
                };
                var outcomes = await Task.WhenAll(Try(editor.UpdateArticleAsync(update).ResponseAsync), Try(editor.UpdateArticleAsync(update).ResponseAsync));
                foreach (var won in outcomes.OfType<Article>())
                {
                    written.Add((won.Name, won.Revision));
                }
            }
        })));

        var seen = new List<Change>();
        var cursor = first.NextCursor;
        var last = first.Changes.Count > 0 ? first.Changes[^1].Sequence : 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var done = writing.IsCompleted;
            var page = await editor.ListChangesAsync(new ListChangesRequest { After = cursor, PageSize = 7 }, cancellationToken: deadline.Token);
            foreach (var change in page.Changes)
            {
                Assert.Equal(last + 1, change.Sequence);
                last = change.Sequence;
            }
            seen.AddRange(page.Changes);
            cursor = page.NextCursor;
            if (done && !page.More)
            {
                break;
            }
        }
        await writing;
        Assert.Equal(written.Order().ToList(), seen.Select(c => (c.Resource, c.Revision)).Order().ToList());
    }

    [Fact]
    public async Task Watch_ReplaysWhatFollowsTheCursor_ThenStreamsLive_AndResumesAfterADisconnect()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database);
        host.StartServer();
        var editor = host.Client;
        var a = await editor.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        var cursor = (await editor.ListChangesAsync(new ListChangesRequest())).NextCursor;
        var b = await editor.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        var c = await editor.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });

        using (var watch = editor.WatchChanges(new WatchChangesRequest { After = cursor }))
        {
            var replayed = await ReadChangesAsync(watch, 2);
            Assert.Equal([b.Name, c.Name], replayed.Select(x => x.Resource));
            var d = await editor.PublishArticleAsync(new PublishArticleRequest { Name = a.Name });
            var live = (await ReadChangesAsync(watch, 1)).Single();
            Assert.Equal((a.Name, ChangeKind.Published, d.Revision), (live.Resource, live.Kind, live.Revision));
            cursor = live.Cursor;
        }

        // While nobody watches.
        var e = await editor.PublishArticleAsync(new PublishArticleRequest { Name = b.Name });
        var f = await editor.PublishArticleAsync(new PublishArticleRequest { Name = c.Name });
        using (var resumed = editor.WatchChanges(new WatchChangesRequest { After = cursor }))
        {
            var missed = await ReadChangesAsync(resumed, 2);
            Assert.Equal([(b.Name, e.Revision), (c.Name, f.Revision)], missed.Select(x => (x.Resource, x.Revision)));
            var g = await editor.UnpublishArticleAsync(new UnpublishArticleRequest { Name = b.Name });
            Assert.Equal((b.Name, g.Revision), (await ReadChangesAsync(resumed, 1)).Select(x => (x.Resource, x.Revision)).Single());
        }
    }

    [Fact]
    public async Task Watch_FromNow_WithFilters_HeartbeatsWhileWhatItAskedForDoesNotHappen()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?> { ["Feed:HeartbeatInterval"] = "00:00:00.300" });
        host.StartServer();
        var editor = host.Client;
        using var watch = editor.WatchChanges(new WatchChangesRequest { Kinds = { ChangeKind.Published } });
        var draft = await editor.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });

        // The creation is not what the watcher asked for: a heartbeat says the stream got past it.
        using var timeout = new CancellationTokenSource(Patience);
        Heartbeat? heartbeat = null;
        while (heartbeat is null && await watch.ResponseStream.MoveNext(timeout.Token))
        {
            Assert.Null(watch.ResponseStream.Current.Change);
            heartbeat = watch.ResponseStream.Current.Heartbeat;
        }
        var afterHeartbeat = await editor.ListChangesAsync(new ListChangesRequest { After = heartbeat!.Cursor });
        Assert.DoesNotContain(afterHeartbeat.Changes, ch => ch.Resource == draft.Name && ch.Kind == ChangeKind.Created);

        var published = await editor.PublishArticleAsync(new PublishArticleRequest { Name = draft.Name });
        var change = (await ReadChangesAsync(watch, 1)).Single();
        Assert.Equal((published.Name, ChangeKind.Published), (change.Resource, change.Kind));
    }

    [Fact]
    public async Task Readers_AreToldOnlyOfWhatTheyMayRead_AndAnonymousCallersAreRefused()
    {
        await using var database = TestDatabase.Sqlite();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ArticleServiceHost(database, clock: clock);
        host.StartServer();
        var editor = host.Client;
        var start = (await editor.ListChangesAsync(new ListChangesRequest())).NextCursor;
        var draft = await editor.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        var published = await editor.PublishArticleAsync(new PublishArticleRequest
        {
            Name = (await editor.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() })).Name,
        });
        var embargoedDraft = SampleArticles.New();
        embargoedDraft.EmbargoTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow().AddHours(1));
        var embargoed = await editor.PublishArticleAsync(new PublishArticleRequest
        {
            Name = (await editor.CreateArticleAsync(new CreateArticleRequest { Article = embargoedDraft })).Name,
            PublishTime = embargoedDraft.EmbargoTime,
        });

        async Task<List<(string, ChangeKind)>> SeenBy(string? role)
        {
            using var channel = host.ChannelWith(role is null ? null : TestIdentity.Shared.TokenFor(role));
            var client = new ArticleService.ArticleServiceClient(channel);
            return (await client.ListChangesAsync(new ListChangesRequest { After = start })).Changes.Select(c => (c.Resource, c.Kind)).ToList();
        }

        var everything = await SeenBy("service");
        Assert.Contains((draft.Name, ChangeKind.Created), everything);
        Assert.Equal(everything, await SeenBy("admin"));
        Assert.Equal([(published.Name, ChangeKind.Published), (embargoed.Name, ChangeKind.Scheduled)], await SeenBy("partner"));
        Assert.Equal([(published.Name, ChangeKind.Published)], await SeenBy("reporter"));
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => SeenBy(null));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => SeenBy("no-role"));
    }

    [Fact]
    public async Task BadRequests_NameTheField_AndOldCursorsAreOutOfRange()
    {
        await using var database = TestDatabase.Sqlite();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?> { ["Feed:Retention"] = "00:01:00" }, clock);
        host.StartServer();
        var editor = host.Client;
        await editor.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        var cursor = (await editor.ListChangesAsync(new ListChangesRequest())).Changes.Single().Cursor;
        await editor.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });

        await RpcAssert.InvalidArgument(() => editor.ListChangesAsync(new ListChangesRequest { After = cursor[..^4] }).ResponseAsync, "after");
        await RpcAssert.InvalidArgument(() => editor.ListChangesAsync(new ListChangesRequest { After = "not-a-cursor" }).ResponseAsync, "after");
        await RpcAssert.InvalidArgument(() => editor.ListChangesAsync(new ListChangesRequest { PageSize = -1 }).ResponseAsync, "page_size");
        await RpcAssert.InvalidArgument(() => editor.ListChangesAsync(new ListChangesRequest { ResourceTypes = { "newsmesh.author.v1.Author" } }).ResponseAsync, "resource_types[0]");
        await RpcAssert.InvalidArgument(() => editor.ListChangesAsync(new ListChangesRequest { Kinds = { ChangeKind.Unspecified } }).ResponseAsync, "kinds[0]");
        // A list's page token is no cursor.
        var pageToken = (await editor.ListArticlesAsync(new ListArticlesRequest { PageSize = 1 })).NextPageToken;
        await RpcAssert.InvalidArgument(() => editor.ListChangesAsync(new ListChangesRequest { After = pageToken }).ResponseAsync, "after");
        using (var watch = editor.WatchChanges(new WatchChangesRequest { After = "not-a-cursor" }))
        {
            await RpcAssert.InvalidArgument(() => watch.ResponseStream.MoveNext(), "after");
        }

        // Past the retention, short of the server's keep-alive timeout, which runs on the same clock.
        clock.Advance(TimeSpan.FromSeconds(90));
        // The server's connections time out by the same clock: a new channel.
        using var channel = host.ChannelWith(TestIdentity.Shared.TokenFor("editor"));
        var later = new ArticleService.ArticleServiceClient(channel);
        var status = await RpcAssert.FailsWith(StatusCode.OutOfRange, () => later.ListChangesAsync(new ListChangesRequest { After = cursor }).ResponseAsync);
        Assert.Contains("resynchronise", status.Message, StringComparison.Ordinal);
        using var watchOld = later.WatchChanges(new WatchChangesRequest { After = cursor });
        await RpcAssert.FailsWith(StatusCode.OutOfRange, () => watchOld.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task AReaderTooSlowToKeepUp_IsEnded_WithResourceExhausted_AndResumesFromItsCursor()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?> { ["Feed:WatchBuffer"] = "1" });
        host.StartServer();
        var editor = host.Client;
        var start = (await editor.ListChangesAsync(new ListChangesRequest())).NextCursor;
        using var watch = editor.WatchChanges(new WatchChangesRequest { After = start });

        // The watcher reads nothing while the writes go on: more than twice what HTTP/2's flow-control windows and its
        // buffer of one hold (about 250 changes).
        const int Made = 600;
        for (var i = 0; i < Made; i++)
        {
            await editor.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        }
        var read = new List<Change>();
        var status = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, async () =>
        {
            using var timeout = new CancellationTokenSource(Patience);
            while (await watch.ResponseStream.MoveNext(timeout.Token))
            {
                read.Add(watch.ResponseStream.Current.Change);
            }
        });
        Assert.Contains("cursor", status.Message, StringComparison.Ordinal);
        Assert.InRange(read.Count, 1, Made - 1);

        // From its last cursor it gets the rest, without a gap.
        Assert.Equal(Enumerable.Range(1, read.Count).Select(i => (long)i), read.Select(c => c.Sequence));
        var rest = await editor.ListChangesAsync(new ListChangesRequest { After = read[^1].Cursor, PageSize = 1000 });
        Assert.Equal(Enumerable.Range(read.Count + 1, Made - read.Count).Select(i => (long)i), rest.Changes.Select(c => c.Sequence));
    }

    [Fact]
    public async Task AChangeMadeBeforeARestart_IsFoundAfterIt_FromTheSameCursor()
    {
        await using var database = TestDatabase.Sqlite();
        string cursor;
        string name;
        await using (var before = new ArticleServiceHost(database))
        {
            before.StartServer();
            cursor = (await before.Client.ListChangesAsync(new ListChangesRequest())).NextCursor;
            name = (await before.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() })).Name;
        }
        await using var after = new ArticleServiceHost(database);
        after.StartServer();
        using var watch = after.Client.WatchChanges(new WatchChangesRequest { After = cursor });
        Assert.Equal((name, ChangeKind.Created), (await ReadChangesAsync(watch, 1)).Select(c => (c.Resource, c.Kind)).Single());
    }

    private static async Task<object> Try(Task<Article> write)
    {
        try
        {
            return await write;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Aborted)
        {
            return e;
        }
    }

    /// <summary>The next <paramref name="count"/> changes of the stream, skipping heartbeats.</summary>
    private static async Task<List<Change>> ReadChangesAsync(AsyncServerStreamingCall<WatchChangesResponse> watch, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var changes = new List<Change>();
        while (changes.Count < count)
        {
            Assert.True(await watch.ResponseStream.MoveNext(timeout.Token), "The stream ended early.");
            if (watch.ResponseStream.Current.Change is { } change)
            {
                changes.Add(change);
            }
        }
        return changes;
    }
}
