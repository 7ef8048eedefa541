using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Testing;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Search.Tests;

/// <summary>The index follows the article feed: what is published is found, what is withdrawn goes, each caller finds what it may read.</summary>
[Collection(SearchMeshUsers.Name)]
public sealed class IndexingTests(SearchMesh mesh)
{
    [Fact]
    public async Task APublishedArticle_IsFoundByAnyone_WithItsHit_AndASnippetInWhichOnlyMarkIsMarkup()
    {
        var word = SearchMesh.Word();
        var article = await mesh.DraftAsync($"Harbour pilots {word} return", $"The pilots &amp; tug crews said <b>{word}</b> talks ended; &lt;script&gt; stays text.",
            subjects: ["shipping"]);
        var published = await mesh.Editor.PublishArticleAsync(new PublishArticleRequest { Name = article.Name });

        var (answer, took) = await mesh.UntilAsync(new SearchArticlesRequest { Query = word }, a => SearchMesh.Finds(a, published));

        var hit = Assert.Single(answer.Hits);
        Assert.Equal(published.Slug, hit.Slug);
        Assert.Equal("en", hit.LanguageCode);
        Assert.Equal(published.Headline, hit.Headline);
        Assert.Equal(published.Summary, hit.Summary);
        Assert.Equal("world", hit.Section);
        Assert.Equal(published.PublishTime, hit.PublishTime);
        Assert.Equal(State.Published, hit.State);
        Assert.Contains($"<mark>{word}</mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("&amp; tug", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", hit.Snippet, StringComparison.Ordinal);
        Assert.DoesNotMatch("<(?!/?mark>)", hit.Snippet);
        Assert.Equal(1, answer.TotalSize);
        Assert.Equal("world", Assert.Single(answer.Sections).Value);
        Assert.Equal("en", Assert.Single(answer.Languages).Value);
        Assert.True(took < SearchMesh.FollowTimeout, $"found after {took.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ADraft_IsFoundByEditors_AndItsReporter_NeverByReaders_PartnersOrOtherReporters()
    {
        var word = SearchMesh.Word();
        using var reporterChannel = mesh.Articles.ChannelWith(SearchMesh.Token("reporter", "reporter-ada"));
        var draft = await mesh.DraftAsync($"Unfinished {word} story", "Still being written.", client: new ArticleService.ArticleServiceClient(reporterChannel));
        var request = new SearchArticlesRequest { Query = word };

        await mesh.UntilAsync(request, a => SearchMesh.Finds(a, draft), SearchMesh.Token("editor"));
        await mesh.UntilAsync(request, a => SearchMesh.Finds(a, draft), SearchMesh.Token("reporter", "reporter-ada"));

        foreach (var token in new[] { null, SearchMesh.Token("partner"), SearchMesh.Token("reporter", "reporter-bo") })
        {
            var answer = await mesh.SearchAs(token).SearchArticlesAsync(request);
            Assert.Empty(answer.Hits);
            Assert.Equal(0, answer.TotalSize);
            Assert.Empty(answer.Sections);
        }
    }

    [Fact]
    public async Task Unpublished_ThenDeleted_TheArticleGoes_ForReaders_ThenForEveryone()
    {
        var word = SearchMesh.Word();
        var article = await mesh.PublishedAsync($"Bridge {word} reopens", "Traffic flows again.");
        var request = new SearchArticlesRequest { Query = word };
        await mesh.UntilAsync(request, a => SearchMesh.Finds(a, article));

        await mesh.Editor.UnpublishArticleAsync(new UnpublishArticleRequest { Name = article.Name });
        var (_, gone) = await mesh.UntilAsync(request, a => a.TotalSize == 0);
        var (kept, _) = await mesh.UntilAsync(request, a => SearchMesh.Finds(a, article), SearchMesh.Token("editor"));
        Assert.Equal(State.Unpublished, Assert.Single(kept.Hits).State);

        await mesh.Editor.DeleteArticleAsync(new DeleteArticleRequest { Name = article.Name });
        await mesh.UntilAsync(request, a => a.TotalSize == 0, SearchMesh.Token("editor"));
        Assert.True(gone < SearchMesh.FollowTimeout, $"gone after {gone.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ARetractedArticle_IsFoundOnlyAsRetracted()
    {
        var word = SearchMesh.Word();
        var article = await mesh.PublishedAsync($"Disputed {word} claim", "The claim as first reported.");
        await mesh.Editor.RetractArticleAsync(new RetractArticleRequest { Name = article.Name, Reason = "The claim could not be verified." });

        var (answer, _) = await mesh.UntilAsync(new SearchArticlesRequest { Query = word }, a => a.Hits.Any(h => h.State == State.Retracted));

        Assert.Equal(State.Retracted, Assert.Single(answer.Hits).State);
    }

    [Fact]
    public async Task NoWords_FindEverythingTheFiltersLetThrough_NewestFirst_NothingMarked()
    {
        var subject = SearchMesh.Word();
        var older = await mesh.PublishedAsync("Harbour lights dim", "The council saves power.", "en", "world", subject);
        var newer = await mesh.PublishedAsync("Harbour lights return", "The council relents.", "fr", "world", subject);
        await mesh.DraftAsync("Harbour lights draft", "Not yet.");
        var browse = new SearchArticlesRequest { Subjects = { subject } };

        var (answer, _) = await mesh.UntilAsync(browse, a => a.TotalSize == 2);

        Assert.Equal([newer.Name, older.Name], answer.Hits.Select(h => h.Article));
        Assert.All(answer.Hits, h => Assert.DoesNotContain("<mark>", h.Snippet, StringComparison.Ordinal));
        Assert.Equal([("en", 1), ("fr", 1)], answer.Languages.Select(f => (f.Value, f.Count)).Order());
        Assert.Equal([older.Name], await NamesAsync(new SearchArticlesRequest { Subjects = { subject }, LanguageCode = "en" }));
    }

    [Fact]
    public async Task Filters_BySection_Language_Subject_Author_TimeAndState_NarrowTheMatches_AndFacetsCountThem()
    {
        var word = SearchMesh.Word();
        var now = DateTimeOffset.UtcNow;
        var sport = await mesh.PublishedAsync($"Final {word} tonight", "Both teams trained.", "en", "sport", "football");
        var health = await mesh.PublishedAsync($"Clinic {word} opens", "Doctors start on Monday.", "en", "health", "hospitals");
        var french = await mesh.PublishedAsync($"Clinique {word} ouverte", "Les médecins commencent lundi.", "fr", "health", "hospitals");
        var bylined = await mesh.Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = health.Name, Bylines = { new Byline { Author = "authors/noor-halvorsen", Role = Byline.Types.Role.Author } } },
            UpdateMask = FieldMask.FromString("bylines"),
        });
        var all = new SearchArticlesRequest { Query = word };
        var (everything, _) = await mesh.UntilAsync(all, a => a.TotalSize == 3);

        Assert.Equal([("health", 2), ("sport", 1)], everything.Sections.Select(f => (f.Value, f.Count)));
        Assert.Equal([("en", 2), ("fr", 1)], everything.Languages.Select(f => (f.Value, f.Count)));
        Assert.Equal(Sorted(health.Name, french.Name), await NamesAsync(new SearchArticlesRequest { Query = word, Sections = { "health" } }));
        Assert.Equal([french.Name], await NamesAsync(new SearchArticlesRequest { Query = word, LanguageCode = "fr" }));
        Assert.Equal([sport.Name], await NamesAsync(new SearchArticlesRequest { Query = word, Subjects = { "football" } }));
        Assert.Equal([sport.Name], await NamesAsync(new SearchArticlesRequest { Query = word, LanguageCode = "en", Sections = { "sport", "culture" } }));
        await mesh.UntilAsync(new SearchArticlesRequest { Query = word, Author = "authors/noor-halvorsen" }, a => a.Hits.Select(h => h.Article).SequenceEqual([bylined.Name]));
        // The byline's name is searchable too.
        await mesh.UntilAsync(new SearchArticlesRequest { Query = $"{word} halvorsen" }, a => a.Hits.Select(h => h.Article).SequenceEqual([bylined.Name]));
        Assert.Empty(await NamesAsync(new SearchArticlesRequest { Query = word, PublishTimeBefore = Timestamp.FromDateTimeOffset(now.AddMinutes(-5)) }));
        Assert.Equal(3, (await NamesAsync(new SearchArticlesRequest { Query = word, PublishTimeAfter = Timestamp.FromDateTimeOffset(now.AddMinutes(-5)) })).Count);
        Assert.Equal(3, (await mesh.SearchAs(SearchMesh.Token("editor")).SearchArticlesAsync(
            new SearchArticlesRequest { Query = word, State = State.Published })).TotalSize);
        Assert.Equal(0, (await mesh.SearchAs(SearchMesh.Token("editor")).SearchArticlesAsync(
            new SearchArticlesRequest { Query = word, State = State.Draft })).TotalSize);
        // A draft was never published: no time range holds it.
        var draft = await mesh.DraftAsync($"Clinic {word} plans", "Not yet.");
        await mesh.UntilAsync(new SearchArticlesRequest { Query = word }, a => SearchMesh.Finds(a, draft), SearchMesh.Token("editor"));
        Assert.DoesNotContain(draft.Name, (await mesh.SearchAs(SearchMesh.Token("editor")).SearchArticlesAsync(new SearchArticlesRequest
        {
            Query = word,
            PublishTimeBefore = Timestamp.FromDateTimeOffset(now.AddDays(1)),
        })).Hits.Select(h => h.Article));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => mesh.SearchAs(SearchMesh.Token("partner")).SearchArticlesAsync(
            new SearchArticlesRequest { Query = word, State = State.Draft }).ResponseAsync);
    }

    [Fact]
    public async Task Phrases_AndExclusions_AreHonoured()
    {
        var word = SearchMesh.Word();
        var river = await mesh.PublishedAsync($"River {word} flooding eases", "The water level fell overnight along the river banks.");
        var harbour = await mesh.PublishedAsync($"Harbour {word} flooding", "The level of the water rose in the harbour.");
        await mesh.UntilAsync(new SearchArticlesRequest { Query = word }, a => a.TotalSize == 2);

        Assert.Equal([river.Name], await NamesAsync(new SearchArticlesRequest { Query = $"{word} \"water level\"" }));
        Assert.Equal([harbour.Name], await NamesAsync(new SearchArticlesRequest { Query = $"{word} \"level of the water\"" }));
        Assert.Equal([harbour.Name], await NamesAsync(new SearchArticlesRequest { Query = $"{word} -river" }));
        Assert.Equal([river.Name], await NamesAsync(new SearchArticlesRequest { Query = $"{word} -\"in the harbour\"" }));
    }

    [Fact]
    public async Task Pages_FollowEachOther_ByRelevanceOrByTime_AndATokenHoldsOnlyForItsSearch()
    {
        var word = SearchMesh.Word();
        var start = DateTimeOffset.UtcNow.AddDays(-3);
        var made = new List<Article>();
        for (var i = 0; i < 5; i++)
        {
            made.Add(await mesh.PublishedAtAsync($"Market {word} report {i}", "Prices moved.", start.AddHours(i)));
        }
        await mesh.UntilAsync(new SearchArticlesRequest { Query = word }, a => a.TotalSize == 5);

        var seen = new List<string>();
        var request = new SearchArticlesRequest { Query = word, PageSize = 2, Order = SearchArticlesRequest.Types.Order.Newest };
        var client = mesh.SearchAs(null);
        do
        {
            var page = await client.SearchArticlesAsync(request);
            Assert.True(page.Hits.Count <= 2);
            seen.AddRange(page.Hits.Select(h => h.Article));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(made.AsEnumerable().Reverse().Select(a => a.Name), seen);
        var first = await client.SearchArticlesAsync(new SearchArticlesRequest { Query = word, PageSize = 2 });
        await RpcAssert.InvalidArgument(() => client.SearchArticlesAsync(new SearchArticlesRequest { Query = word + " other", PageSize = 2, PageToken = first.NextPageToken }).ResponseAsync, "page_token");
        await RpcAssert.InvalidArgument(() => mesh.SearchAs(SearchMesh.Token("editor")).SearchArticlesAsync(
            new SearchArticlesRequest { Query = word, PageSize = 2, PageToken = first.NextPageToken }).ResponseAsync, "page_token");
    }

    [Fact]
    public async Task ByRelevance_AFresherArticleOfEqualMatch_ComesFirst()
    {
        var word = SearchMesh.Word();
        var old = await mesh.PublishedAtAsync($"Orchard {word} harvest", "Apples were picked.", DateTimeOffset.UtcNow.AddDays(-30));
        var fresh = await mesh.PublishedAtAsync($"Orchard {word} harvest", "Apples were picked.", DateTimeOffset.UtcNow.AddHours(-1));

        var (answer, _) = await mesh.UntilAsync(new SearchArticlesRequest { Query = word }, a => a.TotalSize == 2);

        Assert.Equal([fresh.Name, old.Name], answer.Hits.Select(h => h.Article));
    }

    private static List<string> Sorted(params string[] names) => names.Order(StringComparer.Ordinal).ToList();

    private async Task<List<string>> NamesAsync(SearchArticlesRequest request) =>
        (await mesh.SearchAs(null).SearchArticlesAsync(request)).Hits.Select(h => h.Article).Order(StringComparer.Ordinal).ToList();
}
