using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using NewsMesh.Aip;
using NewsMesh.Aip.Paging;
using NewsMesh.Articles.Data;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Storage.Documents;
using NewsMesh.Testing;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>Every ArticleService RPC over real gRPC, run once per storage provider.</summary>
public abstract class ArticleRpcTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ArticleServiceFixture
{
    private ArticleService.ArticleServiceClient Client => fixture.Host.Client;

    private async Task<Article> CreateAsync(Article? article = null) =>
        await Client.CreateArticleAsync(new CreateArticleRequest { Article = article ?? SampleArticles.New() });

    [Fact]
    public async Task CreateArticle_ValidArticle_ReturnsDraftWithIdentity()
    {
        var sent = SampleArticles.New();
        var created = await CreateAsync(sent);

        Assert.StartsWith("articles/", created.Name, StringComparison.Ordinal);
        Assert.Equal(State.Draft, created.State);
        Assert.Equal(1, created.Revision);
        Assert.NotEmpty(created.Etag);
        Assert.NotNull(created.CreateTime);
        Assert.Equal(sent.Headline, created.Headline);
        Assert.Equal(sent.Body, created.Body);
        Assert.Equal(sent.Bylines, created.Bylines);
        Assert.Equal(created, await Client.GetArticleAsync(new GetArticleRequest { Name = created.Name }));
    }

    [Fact]
    public async Task CreateArticle_OutputOnlyFieldsSent_InvalidArgumentNamingEach_AndNothingCreated()
    {
        var sent = SampleArticles.New();
        sent.State = State.Published;
        sent.Revision = 42;
        sent.PublishTime = Timestamp.FromDateTime(DateTime.UtcNow);
        sent.Creator = "someone-else";

        await RpcAssert.InvalidArgument(() => Client.CreateArticleAsync(new CreateArticleRequest { Article = sent }).ResponseAsync,
            "article.state", "article.publish_time", "article.revision", "article.creator");
        Assert.Empty((await Client.ListArticlesAsync(new ListArticlesRequest { Section = sent.Section })).Articles);
    }

    [Fact]
    public async Task CreateArticle_SameRequestIdConcurrently_CreatesOneArticle()
    {
        var article = SampleArticles.New();
        var request = new CreateArticleRequest { Article = article, RequestId = Guid.NewGuid().ToString() };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ => await Client.CreateArticleAsync(request)));

        Assert.Single(results.Select(r => r.Name).Distinct());
        var listed = await Client.ListArticlesAsync(new ListArticlesRequest { Section = article.Section });
        Assert.Single(listed.Articles);
    }

    [Fact]
    public async Task CreateArticle_RequestIdNotUuid_InvalidArgument()
    {
        await RpcAssert.InvalidArgument(
            () => Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New(), RequestId = "retry-1" }).ResponseAsync,
            "request_id");
    }

    [Fact]
    public async Task CreateArticle_EveryFieldBad_NamesEachField()
    {
        var article = SampleArticles.New();
        article.Slug = "Not A Slug";
        article.LanguageCode = "english!";
        article.Headline = new string('h', 301);
        article.Section = "";
        article.Body.Add(new Block { Paragraph = new Paragraph { Text = "<script>alert(1)</script>" } });
        article.Bylines.Add(new Byline { Author = "people/1", Role = Byline.Types.Role.Author });

        await RpcAssert.InvalidArgument(() => Client.CreateArticleAsync(new CreateArticleRequest { Article = article }).ResponseAsync,
            "article.slug", "article.language_code", "article.headline", "article.section",
            "article.body[3].paragraph.text", "article.bylines[2].author");
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public async Task CreateArticle_HeadlineLength_AcceptedUpTo300(int length, bool accepted)
    {
        var article = SampleArticles.New();
        article.Headline = new string('h', length);
        var call = () => Client.CreateArticleAsync(new CreateArticleRequest { Article = article }).ResponseAsync;
        if (accepted)
        {
            Assert.Equal(length, (await call()).Headline.Length);
        }
        else
        {
            await RpcAssert.InvalidArgument(call, "article.headline");
        }
    }

    [Theory]
    [InlineData(120, true)]
    [InlineData(121, false)]
    public async Task CreateArticle_SlugLength_AcceptedUpTo120(int length, bool accepted)
    {
        var article = SampleArticles.New(slug: (Guid.NewGuid().ToString("N") + new string('a', 120))[..length]);
        var call = () => Client.CreateArticleAsync(new CreateArticleRequest { Article = article }).ResponseAsync;
        if (accepted)
        {
            Assert.Equal(length, (await call()).Slug.Length);
        }
        else
        {
            await RpcAssert.InvalidArgument(call, "article.slug");
        }
    }

    [Fact]
    public async Task CreateArticle_MoreThan200Blocks_InvalidArgument()
    {
        var article = SampleArticles.New();
        article.Body.Clear();
        article.Body.AddRange(Enumerable.Range(0, 201).Select(i => new Block { Paragraph = new Paragraph { Text = $"Paragraph {i}." } }));

        await RpcAssert.InvalidArgument(() => Client.CreateArticleAsync(new CreateArticleRequest { Article = article }).ResponseAsync,
            "article.body");
    }

    [Fact]
    public async Task CreateArticle_BodyTextOver512KiB_InvalidArgument()
    {
        var article = SampleArticles.New();
        article.Body.Clear();
        // 30 paragraphs of 18,000 characters: each within its own limit, 540,000 bytes together.
        article.Body.AddRange(Enumerable.Range(0, 30).Select(_ => new Block { Paragraph = new Paragraph { Text = new string('x', 18_000) } }));

        var badRequest = await RpcAssert.InvalidArgument(
            () => Client.CreateArticleAsync(new CreateArticleRequest { Article = article }).ResponseAsync, "article.body");
        Assert.Contains("bytes of text", badRequest.FieldViolations.Single().Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateArticle_MessageOver1MiB_ResourceExhausted()
    {
        var article = SampleArticles.New();
        article.Body.AddRange(Enumerable.Range(0, 60).Select(_ => new Block { Paragraph = new Paragraph { Text = new string('x', 19_000) } }));
        Assert.True(new CreateArticleRequest { Article = article }.CalculateSize() > 1024 * 1024);

        var e = await Assert.ThrowsAsync<RpcException>(() => Client.CreateArticleAsync(new CreateArticleRequest { Article = article }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task CreateArticle_SlugTakenInSameLanguage_AlreadyExists_OtherLanguageFine()
    {
        var first = await CreateAsync();
        var again = SampleArticles.New(slug: first.Slug);

        var status = await RpcAssert.FailsWith(StatusCode.AlreadyExists,
            () => Client.CreateArticleAsync(new CreateArticleRequest { Article = again }).ResponseAsync);
        Assert.Equal("SLUG_TAKEN", status.GetDetail<ErrorInfo>().Reason);

        var french = await CreateAsync(SampleArticles.New(slug: first.Slug, language: "fr"));
        Assert.Equal(first.Slug, french.Slug);
    }

    [Fact]
    public async Task GetArticle_UnknownName_NotFound()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => Client.GetArticleAsync(new GetArticleRequest { Name = "articles/doesnotexist" }).ResponseAsync);
    }

    [Theory]
    [InlineData("")]
    [InlineData("articles/")]
    [InlineData("authors/abc")]
    [InlineData("articles/../etc")]
    public async Task GetArticle_MalformedName_InvalidArgument(string name)
    {
        await RpcAssert.InvalidArgument(() => Client.GetArticleAsync(new GetArticleRequest { Name = name }).ResponseAsync, "name");
    }

    [Fact]
    public async Task LookupArticle_BySlugAndLanguage_FindsIt_CaseOfTagIgnored()
    {
        var created = await CreateAsync(SampleArticles.New(language: "pt-BR"));

        var found = await Client.LookupArticleAsync(new LookupArticleRequest { Slug = created.Slug, LanguageCode = "PT-br" });

        Assert.Equal(created.Name, found.Name);
        Assert.Equal("pt-BR", found.LanguageCode);
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => Client.LookupArticleAsync(new LookupArticleRequest { Slug = created.Slug, LanguageCode = "es" }).ResponseAsync);
    }

    [Fact]
    public async Task LookupArticle_BadInput_NamesFields()
    {
        await RpcAssert.InvalidArgument(
            () => Client.LookupArticleAsync(new LookupArticleRequest { Slug = "A B", LanguageCode = "" }).ResponseAsync,
            "slug", "language_code");
    }

    [Fact]
    public async Task LookupArticle_ByPreviousSlug_FindsRenamedArticle()
    {
        var created = await CreateAsync();
        var renamed = await Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name, Slug = SampleArticles.UniqueSlug("renamed") },
            UpdateMask = new FieldMask { Paths = { "slug" } },
        });

        var byOld = await Client.LookupArticleAsync(new LookupArticleRequest { Slug = created.Slug, LanguageCode = "en" });

        Assert.Equal(renamed.Slug, byOld.Slug);
        Assert.Equal([created.Slug], byOld.PreviousSlugs);
        var status = await RpcAssert.FailsWith(StatusCode.AlreadyExists,
            () => Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New(slug: created.Slug) }).ResponseAsync);
        Assert.Equal("SLUG_TAKEN", status.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public async Task ListArticles_Filters_CombineSectionLanguageStateAndLabel()
    {
        var section = SampleArticles.UniqueSection();
        var english = await CreateAsync(SampleArticles.New(section));
        var french = await CreateAsync(SampleArticles.New(section, "fr"));
        var breaking = SampleArticles.New(section);
        breaking.Label = "Breaking News";
        breaking = await CreateAsync(breaking);
        await Client.PublishArticleAsync(new PublishArticleRequest { Name = english.Name });

        async Task<string[]> Names(ListArticlesRequest r) =>
            (await Client.ListArticlesAsync(r)).Articles.Select(a => a.Name).Order().ToArray();

        Assert.Equal(new[] { english.Name, french.Name, breaking.Name }.Order(), await Names(new() { Section = section }));
        Assert.Equal([french.Name], await Names(new() { Section = section, LanguageCode = "fr" }));
        Assert.Equal([english.Name], await Names(new() { Section = section, State = State.Published }));
        Assert.Equal([breaking.Name], await Names(new() { Section = section, Label = "Breaking News" }));
        Assert.Empty(await Names(new() { Section = section, LanguageCode = "fr", State = State.Published }));
    }

    [Fact]
    public async Task ListArticles_PublishedArticles_NewestFirstByFirstPublication()
    {
        var section = SampleArticles.UniqueSection();
        var older = await CreateAsync(SampleArticles.New(section));
        var newer = await CreateAsync(SampleArticles.New(section));
        var now = DateTime.UtcNow;
        await Client.PublishArticleAsync(new PublishArticleRequest { Name = newer.Name, PublishTime = Timestamp.FromDateTime(now.AddHours(-1)) });
        await Client.PublishArticleAsync(new PublishArticleRequest { Name = older.Name, PublishTime = Timestamp.FromDateTime(now.AddHours(-5)) });

        var listed = await Client.ListArticlesAsync(new ListArticlesRequest { Section = section, State = State.Published });

        Assert.Equal([newer.Name, older.Name], listed.Articles.Select(a => a.Name));
    }

    [Fact]
    public async Task ListArticles_PagingWhileInserting_NeverRepeatsOrSkips()
    {
        var section = SampleArticles.UniqueSection();
        var existing = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            existing.Add((await CreateAsync(SampleArticles.New(section))).Name);
        }

        using var stop = new CancellationTokenSource();
        var inserter = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await CreateAsync(SampleArticles.New(section));
            }
        });

        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await Client.ListArticlesAsync(new ListArticlesRequest { Section = section, PageSize = 7, PageToken = token });
            seen.AddRange(page.Articles.Select(a => a.Name));
            token = page.NextPageToken;
            pages++;
            if (pages == 1)
            {
                // Let the inserter land articles between pages.
                await RpcAssert.Eventually(async () =>
                    (await Client.ListArticlesAsync(new ListArticlesRequest { Section = section, PageSize = 100 })).Articles.Count > 32,
                    TimeSpan.FromSeconds(10), "concurrent inserts");
            }
        }
        while (token.Length > 0);
        await stop.CancelAsync();
        await inserter;

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(existing, name => Assert.Contains(name, seen));
    }

    [Fact]
    public async Task ListArticles_PageSize_DefaultsTo20_CapsAt100_RejectsNegative()
    {
        var section = SampleArticles.UniqueSection();
        await Task.WhenAll(Enumerable.Range(0, 105).Select(_ => CreateAsync(SampleArticles.New(section))));

        Assert.Equal(20, (await Client.ListArticlesAsync(new ListArticlesRequest { Section = section })).Articles.Count);
        var capped = await Client.ListArticlesAsync(new ListArticlesRequest { Section = section, PageSize = 500 });
        Assert.Equal(100, capped.Articles.Count);
        Assert.NotEmpty(capped.NextPageToken);
        await RpcAssert.InvalidArgument(
            () => Client.ListArticlesAsync(new ListArticlesRequest { Section = section, PageSize = -1 }).ResponseAsync, "page_size");
    }

    [Fact]
    public async Task ListArticles_TokenNotIssuedOrForOtherFilter_InvalidArgument()
    {
        var section = SampleArticles.UniqueSection();
        await CreateAsync(SampleArticles.New(section));
        await CreateAsync(SampleArticles.New(section));
        var first = await Client.ListArticlesAsync(new ListArticlesRequest { Section = section, PageSize = 1 });
        Assert.NotEmpty(first.NextPageToken);

        await RpcAssert.InvalidArgument(
            () => Client.ListArticlesAsync(new ListArticlesRequest { Section = section, PageToken = "bm90LWEtdG9rZW4" }).ResponseAsync, "page_token");
        await RpcAssert.InvalidArgument(
            () => Client.ListArticlesAsync(new ListArticlesRequest { Section = "other", PageToken = first.NextPageToken }).ResponseAsync, "page_token");
        var tampered = first.NextPageToken[..^2] + (first.NextPageToken[^2] == 'A' ? "B" : "A") + first.NextPageToken[^1];
        await RpcAssert.InvalidArgument(
            () => Client.ListArticlesAsync(new ListArticlesRequest { Section = section, PageToken = tampered }).ResponseAsync, "page_token");
    }

    [Fact]
    public async Task UpdateArticle_WithMask_ChangesOnlyMaskedFields()
    {
        var created = await CreateAsync();
        var patch = new Article { Name = created.Name, Headline = "Port talks resume", Summary = "not in the mask", Etag = created.Etag };

        var updated = await Client.UpdateArticleAsync(new UpdateArticleRequest { Article = patch, UpdateMask = new FieldMask { Paths = { "headline" } } });

        Assert.Equal("Port talks resume", updated.Headline);
        Assert.Equal(created.Summary, updated.Summary);
        Assert.Equal(created.Body, updated.Body);
        Assert.Equal(2, updated.Revision);
        Assert.NotEqual(created.Etag, updated.Etag);
    }

    [Fact]
    public async Task UpdateArticle_NoChange_KeepsRevision()
    {
        var created = await CreateAsync();
        var same = await Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name, Headline = created.Headline },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        });
        Assert.Equal(created.Revision, same.Revision);
    }

    [Fact]
    public async Task UpdateArticle_StaleEtag_AbortedAndNothingChanges()
    {
        var created = await CreateAsync();
        await Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name, Headline = "First editor wins", Etag = created.Etag },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        });

        var status = await RpcAssert.FailsWith(StatusCode.Aborted, () => Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name, Headline = "Second editor loses", Etag = created.Etag },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        }).ResponseAsync);

        Assert.Equal("ETAG_MISMATCH", status.GetDetail<ErrorInfo>().Reason);
        Assert.Equal("First editor wins", (await Client.GetArticleAsync(new GetArticleRequest { Name = created.Name })).Headline);
    }

    [Fact]
    public async Task UpdateArticle_ConcurrentWritersOnOneEtag_ExactlyOneWins()
    {
        var created = await CreateAsync();
        var attempts = Enumerable.Range(0, 6).Select(async i =>
        {
            try
            {
                await Client.UpdateArticleAsync(new UpdateArticleRequest
                {
                    Article = new Article { Name = created.Name, Headline = $"Writer {i}", Etag = created.Etag },
                    UpdateMask = new FieldMask { Paths = { "headline" } },
                });
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Aborted)
            {
                return false;
            }
        });

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(2, (await Client.GetArticleAsync(new GetArticleRequest { Name = created.Name })).Revision);
    }

    /// <summary>As many concurrent writers as a write is attempted: each may lose a race to every other one and still land.</summary>
    private const int Writers = DocumentStore<Article, ArticleRecord>.WriteAttempts;

    [Fact]
    public async Task UpdateArticle_ConcurrentWritersWithoutEtag_AllApplied()
    {
        var created = await CreateAsync();
        var updates = Enumerable.Range(0, Writers).Select(i => Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name, Headline = $"Writer {i}" },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        }).ResponseAsync);

        var written = await Task.WhenAll(updates);

        // Each was applied to the version before it, one after another (AIP-154): as many revisions as writers.
        Assert.Equal(Enumerable.Range(2, Writers), written.Select(a => (int)a.Revision).Order());
        var stored = await Client.GetArticleAsync(new GetArticleRequest { Name = created.Name });
        Assert.Equal(1 + Writers, stored.Revision);
        Assert.Equal(written.MaxBy(a => a.Revision)!.Headline, stored.Headline);
    }

    [Theory]
    [InlineData("state")]
    [InlineData("revision")]
    [InlineData("create_time")]
    [InlineData("publish_time")]
    [InlineData("etag")]
    public async Task UpdateArticle_OutputOnlyFieldInMask_InvalidArgument(string path)
    {
        var created = await CreateAsync();
        var badRequest = await RpcAssert.InvalidArgument(() => Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name },
            UpdateMask = new FieldMask { Paths = { path } },
        }).ResponseAsync, "update_mask");
        Assert.Contains(path, badRequest.FieldViolations.Single().Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateArticle_InvalidNewValue_InvalidArgumentAndNothingChanges()
    {
        var created = await CreateAsync();
        await RpcAssert.InvalidArgument(() => Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name, Headline = "" },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        }).ResponseAsync, "article.headline");
        Assert.Equal(created, await Client.GetArticleAsync(new GetArticleRequest { Name = created.Name }));
    }

    [Fact]
    public async Task UpdateArticle_SlugOfAnotherArticle_AlreadyExists()
    {
        var first = await CreateAsync();
        var second = await CreateAsync();
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = second.Name, Slug = first.Slug },
            UpdateMask = new FieldMask { Paths = { "slug" } },
        }).ResponseAsync);
    }

    [Fact]
    public async Task UpdateArticle_UnknownArticle_NotFound()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = "articles/missing", Headline = "x" },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        }).ResponseAsync);
    }

    [Fact]
    public async Task DeleteArticle_SoftDeletes_HidesItAndFreesSlug()
    {
        var created = await CreateAsync();
        await RpcAssert.FailsWith(StatusCode.Aborted,
            () => Client.DeleteArticleAsync(new DeleteArticleRequest { Name = created.Name, Etag = "r999" }).ResponseAsync);

        var deleted = await Client.DeleteArticleAsync(new DeleteArticleRequest { Name = created.Name, Etag = created.Etag });

        Assert.NotNull(deleted.DeleteTime);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client.GetArticleAsync(new GetArticleRequest { Name = created.Name }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => Client.LookupArticleAsync(new LookupArticleRequest { Slug = created.Slug, LanguageCode = "en" }).ResponseAsync);
        Assert.Empty((await Client.ListArticlesAsync(new ListArticlesRequest { Section = created.Section })).Articles);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client.DeleteArticleAsync(new DeleteArticleRequest { Name = created.Name }).ResponseAsync);
        Assert.Equal(created.Slug, (await CreateAsync(SampleArticles.New(slug: created.Slug))).Slug);
    }

    [Fact]
    public async Task PublishArticle_Now_PublishesOnce_AndTwiceIsHarmless()
    {
        var created = await CreateAsync();

        var published = await Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name, Etag = created.Etag });
        var again = await Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });

        Assert.Equal(State.Published, published.State);
        Assert.NotNull(published.PublishTime);
        Assert.Equal(published.PublishTime, published.FirstPublishTime);
        Assert.Equal(published, again);
    }

    [Fact]
    public async Task PublishArticle_BeforeEmbargo_FailedPrecondition()
    {
        var article = SampleArticles.New();
        article.EmbargoTime = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(2));
        var created = await CreateAsync(article);

        var status = await RpcAssert.FailsWith(StatusCode.FailedPrecondition,
            () => Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name }).ResponseAsync);

        Assert.NotNull(status.GetDetail<PreconditionFailure>());
        var scheduled = await Client.PublishArticleAsync(new PublishArticleRequest
        {
            Name = created.Name,
            PublishTime = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(3)),
        });
        Assert.Equal(State.Scheduled, scheduled.State);
    }

    [Fact]
    public async Task UnpublishArticle_FollowsTheStateMachine()
    {
        var created = await CreateAsync();
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition,
            () => Client.UnpublishArticleAsync(new UnpublishArticleRequest { Name = created.Name }).ResponseAsync);

        await Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
        var unpublished = await Client.UnpublishArticleAsync(new UnpublishArticleRequest { Name = created.Name });
        var again = await Client.UnpublishArticleAsync(new UnpublishArticleRequest { Name = created.Name });
        var republished = await Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });

        Assert.Equal(State.Unpublished, unpublished.State);
        Assert.Equal(unpublished, again);
        Assert.Equal(State.Published, republished.State);
        Assert.Equal(unpublished.FirstPublishTime, republished.FirstPublishTime);
    }

    [Fact]
    public async Task UnpublishArticle_Scheduled_GoesBackToDraft()
    {
        var created = await CreateAsync();
        await Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name, PublishTime = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(1)) });

        var draft = await Client.UnpublishArticleAsync(new UnpublishArticleRequest { Name = created.Name });

        Assert.Equal(State.Draft, draft.State);
        Assert.Null(draft.PublishTime);
    }

    [Fact]
    public async Task CorrectArticle_Published_AddsNotesInOrder()
    {
        var created = await CreateAsync();
        var published = await Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });

        var corrected = await Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = created.Name,
            Etag = published.Etag,
            Type = Correction.Types.Type.Correction,
            Text = "An earlier version gave the wrong number of cranes.",
            Article = new Article { Summary = "Eleven cranes stood idle." },
            UpdateMask = FieldMask.FromString("summary"),
        });
        var clarified = await Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = created.Name,
            Type = Correction.Types.Type.Clarification,
            Text = "The strike concerns night shifts only.",
        });

        Assert.Equal(published.Revision + 1, corrected.Revision);
        Assert.Equal([Correction.Types.Type.Correction, Correction.Types.Type.Clarification], clarified.Corrections.Select(c => c.Type));
        Assert.All(clarified.Corrections, c => Assert.NotNull(c.CreateTime));
        await RpcAssert.FailsWith(StatusCode.Aborted, () => Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = created.Name,
            Etag = published.Etag,
            Type = Correction.Types.Type.Correction,
            Text = "A stale retry adds nothing.",
            Article = new Article { Summary = "Twelve cranes stood idle." },
            UpdateMask = FieldMask.FromString("summary"),
        }).ResponseAsync);
        Assert.Equal(2, (await Client.GetArticleAsync(new GetArticleRequest { Name = created.Name })).Corrections.Count);
    }

    [Fact]
    public async Task CorrectArticle_DraftOrBadNote_Refused()
    {
        var created = await CreateAsync();
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = created.Name,
            Type = Correction.Types.Type.Correction,
            Text = "Nothing was published yet.",
            Article = new Article { Summary = "A fixed summary." },
            UpdateMask = FieldMask.FromString("summary"),
        }).ResponseAsync);
        await RpcAssert.InvalidArgument(() => Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = created.Name,
            Type = Correction.Types.Type.Retraction,
            Text = "",
        }).ResponseAsync, "type", "text");
    }

    [Fact]
    public async Task RetractArticle_Published_IsFinal_AndTwiceIsHarmless()
    {
        var created = await CreateAsync();
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition,
            () => Client.RetractArticleAsync(new RetractArticleRequest { Name = created.Name, Reason = "Never published." }).ResponseAsync);
        await Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });

        var retracted = await Client.RetractArticleAsync(new RetractArticleRequest { Name = created.Name, Reason = "The central claim could not be verified." });
        var again = await Client.RetractArticleAsync(new RetractArticleRequest { Name = created.Name, Reason = "Again." });

        Assert.Equal(State.Retracted, retracted.State);
        Assert.Equal(Correction.Types.Type.Retraction, retracted.Corrections.Single().Type);
        Assert.Equal(retracted, again);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition,
            () => Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = created.Name,
            Type = Correction.Types.Type.Correction,
            Text = "Too late.",
            Article = new Article { Summary = "A fixed summary." },
            UpdateMask = FieldMask.FromString("summary"),
        }).ResponseAsync);
        await RpcAssert.InvalidArgument(
            () => Client.RetractArticleAsync(new RetractArticleRequest { Name = created.Name, Reason = " " }).ResponseAsync, "reason");
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name, Headline = "Rewritten after the retraction" },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        }).ResponseAsync);
    }

    [Fact]
    public async Task PublishArticle_StaleEtag_Aborted()
    {
        var created = await CreateAsync();
        await RpcAssert.FailsWith(StatusCode.Aborted,
            () => Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name, Etag = "r0" }).ResponseAsync);
        Assert.Equal(State.Draft, (await Client.GetArticleAsync(new GetArticleRequest { Name = created.Name })).State);
    }
}

public sealed class SqliteArticleRpcTests(SqliteArticleServiceFixture fixture) : ArticleRpcTests<SqliteArticleServiceFixture>(fixture);

public sealed class PostgresArticleRpcTests(PostgresArticleServiceFixture fixture) : ArticleRpcTests<PostgresArticleServiceFixture>(fixture);
