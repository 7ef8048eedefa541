using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;
using CorrectionType = NewsMesh.Contracts.Article.V1.Correction.Types.Type;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>Revision history, rollbacks, corrections tied to their fix and translation lineage, over real gRPC, once per storage provider.</summary>
public abstract class NewsroomRecordTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ArticleServiceFixture
{
    private ArticleService.ArticleServiceClient Client => fixture.Host.Client;

    private ArticleService.ArticleServiceClient As(string? token) => new(fixture.Host.ChannelWith(token));

    private async Task<Article> CreateAsync(Article? article = null) =>
        await Client.CreateArticleAsync(new CreateArticleRequest { Article = article ?? SampleArticles.New() });

    private async Task<Article> PublishedAsync(Article? article = null) =>
        await Client.PublishArticleAsync(new PublishArticleRequest { Name = (await CreateAsync(article)).Name });

    private Task<Article> SetAsync(string name, string field, Article values) =>
        Client.UpdateArticleAsync(new UpdateArticleRequest { Article = values.Clone().Also(a => a.Name = name), UpdateMask = FieldMask.FromString(field) }).ResponseAsync;

    private async Task<List<ArticleRevision>> HistoryAsync(string name, ArticleService.ArticleServiceClient? client = null) =>
        (await (client ?? Client).ListArticleRevisionsAsync(new ListArticleRevisionsRequest { Parent = name, PageSize = 100 })).Revisions.ToList();

    [Fact]
    public async Task EveryWrite_LeavesARevision_WithItsActorRpcAndChangedFields_NewestFirst()
    {
        var created = await CreateAsync();
        var updated = await SetAsync(created.Name, "headline", new Article { Headline = "Cranes move again" });
        var published = await Client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
        var unpublished = await Client.UnpublishArticleAsync(new UnpublishArticleRequest { Name = created.Name });
        var retracted = await Client.RetractArticleAsync(new RetractArticleRequest { Name = created.Name, Reason = "Withdrawn." });

        var history = await HistoryAsync(created.Name);

        Assert.Equal([5L, 4, 3, 2, 1], history.Select(r => r.Revision));
        Assert.Equal(["RetractArticle", "UnpublishArticle", "PublishArticle", "UpdateArticle", "CreateArticle"], history.Select(r => r.Rpc));
        Assert.Equal([retracted, unpublished, published, updated, created], history.Select(r => r.Article));
        Assert.Equal(["headline"], history[3].ChangedFields);
        Assert.Contains("state", history[2].ChangedFields);
        Assert.Contains("slug", history[4].ChangedFields);
        Assert.DoesNotContain("etag", history[3].ChangedFields);
        Assert.All(history, r => Assert.Equal(("test-editor", "editor"), (r.Actor, r.ActorRole)));
        Assert.Equal($"{created.Name}/revisions/3", history[2].Name);
        Assert.Equal(published.UpdateTime, history[2].CreateTime);
        Assert.Equal(history[2], await Client.GetArticleRevisionAsync(new GetArticleRevisionRequest { Name = history[2].Name }));
    }

    [Fact]
    public async Task ListArticleRevisions_Pages_AndATokenBelongsToItsArticle()
    {
        var created = await CreateAsync();
        for (var i = 0; i < 4; i++)
        {
            await SetAsync(created.Name, "summary", new Article { Summary = $"Version {i}." });
        }
        var other = await CreateAsync();

        var seen = new List<long>();
        var request = new ListArticleRevisionsRequest { Parent = created.Name, PageSize = 2 };
        ListArticleRevisionsResponse page;
        do
        {
            page = await Client.ListArticleRevisionsAsync(request);
            seen.AddRange(page.Revisions.Select(r => r.Revision));
            request.PageToken = page.NextPageToken;
        }
        while (page.NextPageToken.Length > 0);

        Assert.Equal([5L, 4, 3, 2, 1], seen);
        var first = await Client.ListArticleRevisionsAsync(new ListArticleRevisionsRequest { Parent = created.Name, PageSize = 2 });
        await RpcAssert.InvalidArgument(() => Client.ListArticleRevisionsAsync(
            new ListArticleRevisionsRequest { Parent = other.Name, PageToken = first.NextPageToken }).ResponseAsync, "page_token");
    }

    [Fact]
    public async Task Revisions_BadNames_InvalidArgument_UnknownOnes_NotFound()
    {
        var created = await CreateAsync();

        await RpcAssert.InvalidArgument(() => Client.GetArticleRevisionAsync(new GetArticleRevisionRequest { Name = created.Name + "/revisions/x" }).ResponseAsync, "name");
        await RpcAssert.InvalidArgument(() => Client.GetArticleRevisionAsync(new GetArticleRevisionRequest { Name = created.Name + "/revisions/0" }).ResponseAsync, "name");
        await RpcAssert.InvalidArgument(() => Client.ListArticleRevisionsAsync(new ListArticleRevisionsRequest { Parent = "media/x" }).ResponseAsync, "parent");
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client.GetArticleRevisionAsync(new GetArticleRevisionRequest { Name = created.Name + "/revisions/2" }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client.ListArticleRevisionsAsync(new ListArticleRevisionsRequest { Parent = "articles/nothing-here" }).ResponseAsync);
    }

    [Fact]
    public async Task Revisions_ReadersSeeOnlyPublicVersions_ReportersTheirOwnDrafts_EditorsAll()
    {
        var reporterToken = TestIdentity.Shared.Token("record-reporter-" + Guid.NewGuid().ToString("N")[..8], "reporter");
        var reporter = As(reporterToken);
        var draft = await reporter.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        await reporter.UpdateArticleAsync(new UpdateArticleRequest { Article = new Article { Name = draft.Name, Summary = "Draft two." }, UpdateMask = FieldMask.FromString("summary") });
        var anonymous = As(null);

        Assert.Equal([2L, 1], (await HistoryAsync(draft.Name, reporter)).Select(r => r.Revision));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => anonymous.ListArticleRevisionsAsync(new ListArticleRevisionsRequest { Parent = draft.Name }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => As(TestIdentity.Shared.TokenFor("reporter")).ListArticleRevisionsAsync(new ListArticleRevisionsRequest { Parent = draft.Name }).ResponseAsync);

        await Client.PublishArticleAsync(new PublishArticleRequest { Name = draft.Name });
        await SetAsync(draft.Name, "headline", new Article { Headline = "Published and then edited" });

        Assert.Equal([4L, 3], (await HistoryAsync(draft.Name, anonymous)).Select(r => r.Revision));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => anonymous.GetArticleRevisionAsync(new GetArticleRevisionRequest { Name = draft.Name + "/revisions/1" }).ResponseAsync);
        Assert.Equal([4L, 3, 2, 1], (await HistoryAsync(draft.Name, reporter)).Select(r => r.Revision));
        Assert.Equal(4, (await HistoryAsync(draft.Name)).Count);
    }

    [Fact]
    public async Task DeletedArticle_KeepsItsRevisions_ForEditorsOnly()
    {
        var published = await PublishedAsync();
        var deleted = await Client.DeleteArticleAsync(new DeleteArticleRequest { Name = published.Name });

        var history = await HistoryAsync(published.Name);

        Assert.Equal([3L, 2, 1], history.Select(r => r.Revision));
        Assert.Equal("DeleteArticle", history[0].Rpc);
        Assert.Equal(deleted.DeleteTime, history[0].Article.DeleteTime);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => As(null).ListArticleRevisionsAsync(new ListArticleRevisionsRequest { Parent = published.Name }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client.RollbackArticleAsync(new RollbackArticleRequest { Name = published.Name, Revision = 1, Etag = deleted.Etag }).ResponseAsync);
    }

    [Fact]
    public async Task RollbackArticle_MakesANewRevisionWithTheOldContent_StateAndCorrectionsStay()
    {
        var published = await PublishedAsync();
        var corrected = await Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = published.Name, Type = CorrectionType.Correction, Text = "The quay was misnamed.",
            Article = new Article { Headline = "Cranes fall silent on the north quay", Body = { new Block { Paragraph = new Paragraph { Text = "A new body." } } } },
            UpdateMask = FieldMask.FromString("headline,body"),
        });

        var rolledBack = await Client.RollbackArticleAsync(new RollbackArticleRequest { Name = published.Name, Revision = 1, Etag = corrected.Etag });

        Assert.Equal(corrected.Revision + 1, rolledBack.Revision);
        Assert.Equal(published.Headline, rolledBack.Headline);
        Assert.Equal(published.Body, rolledBack.Body);
        Assert.Equal(State.Published, rolledBack.State);
        Assert.Equal(corrected.Corrections, rolledBack.Corrections);
        Assert.Equal(corrected.PublishTime, rolledBack.PublishTime);
        var revision = (await HistoryAsync(published.Name))[0];
        Assert.Equal(("RollbackArticle", rolledBack), (revision.Rpc, revision.Article));
        Assert.Equal(["headline", "body"], revision.ChangedFields);
    }

    [Fact]
    public async Task RollbackArticle_BadRequests_AnswerAsTheContractSays()
    {
        var published = await PublishedAsync();
        var updated = await SetAsync(published.Name, "headline", new Article { Headline = "Second headline" });

        await RpcAssert.InvalidArgument(() => Client.RollbackArticleAsync(new RollbackArticleRequest { Name = published.Name, Revision = 0 }).ResponseAsync, "revision", "etag");
        await RpcAssert.FailsWith(StatusCode.Aborted, () => Client.RollbackArticleAsync(new RollbackArticleRequest { Name = published.Name, Revision = 1, Etag = published.Etag }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client.RollbackArticleAsync(new RollbackArticleRequest { Name = published.Name, Revision = 9, Etag = updated.Etag }).ResponseAsync);
        var retracted = await Client.RetractArticleAsync(new RetractArticleRequest { Name = published.Name, Reason = "Withdrawn." });
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Client.RollbackArticleAsync(new RollbackArticleRequest { Name = published.Name, Revision = 2, Etag = retracted.Etag }).ResponseAsync);
        Assert.Equal(retracted, await Client.GetArticleAsync(new GetArticleRequest { Name = published.Name }));
    }

    [Fact]
    public async Task RollbackArticle_ToContentThatNoLongerHolds_FailedPrecondition()
    {
        var source = await CreateAsync();
        var translation = await CreateAsync(SampleArticles.New(language: "fr").Also(a =>
            a.TranslationSource = new TranslationSource { Article = source.Name, Revision = source.Revision }));
        var untied = await Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = translation.Name },
            UpdateMask = FieldMask.FromString("translation_source"),
        });
        await Client.DeleteArticleAsync(new DeleteArticleRequest { Name = source.Name });

        var status = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () =>
            Client.RollbackArticleAsync(new RollbackArticleRequest { Name = translation.Name, Revision = 1, Etag = untied.Etag }).ResponseAsync);

        Assert.Contains("does not exist", status.Message, StringComparison.Ordinal);
        Assert.Equal(untied, await Client.GetArticleAsync(new GetArticleRequest { Name = translation.Name }));
    }

    [Fact]
    public async Task CorrectArticle_AppliesTheFixAndTheNoteInOneRevision_AndNamesThem()
    {
        var published = await PublishedAsync();

        var corrected = await Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = published.Name, Etag = published.Etag, Type = CorrectionType.Correction, Text = "Eleven cranes, not twelve.",
            Article = new Article { Summary = "Eleven cranes stood idle." },
            UpdateMask = FieldMask.FromString("summary"),
        });

        Assert.Equal(published.Revision + 1, corrected.Revision);
        Assert.Equal("Eleven cranes stood idle.", corrected.Summary);
        var note = Assert.Single(corrected.Corrections);
        Assert.Equal((corrected.Revision, CorrectionType.Correction), (note.Revision, note.Type));
        Assert.Equal(["summary"], note.Fields);
        var revision = (await HistoryAsync(published.Name))[0];
        Assert.Equal(["summary", "corrections"], revision.ChangedFields);
        Assert.Equal("CorrectArticle", revision.Rpc);
    }

    [Fact]
    public async Task CorrectArticle_WithoutAChange_OnlyAClarification()
    {
        var published = await PublishedAsync();

        await RpcAssert.InvalidArgument(() => Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = published.Name, Type = CorrectionType.Correction, Text = "Nothing was fixed.",
        }).ResponseAsync, "article");
        await RpcAssert.InvalidArgument(() => Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = published.Name, Type = CorrectionType.EditorsNote, Text = "Same summary.",
            Article = new Article { Summary = published.Summary }, UpdateMask = FieldMask.FromString("summary"),
        }).ResponseAsync, "update_mask");
        var clarified = await Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = published.Name, Type = CorrectionType.Clarification, Text = "Night shifts only.",
        });

        var note = Assert.Single(clarified.Corrections);
        Assert.Empty(note.Fields);
        Assert.Equal(clarified.Revision, note.Revision);
        Assert.Equal(published.Summary, clarified.Summary);
    }

    [Fact]
    public async Task CorrectArticle_MaskNamingAnOutputOnlyField_InvalidArgument_AndNothingChanges()
    {
        var published = await PublishedAsync();

        await RpcAssert.InvalidArgument(() => Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = published.Name, Type = CorrectionType.Correction, Text = "Planting a state.",
            Article = new Article { Summary = "x" }, UpdateMask = FieldMask.FromString("state"),
        }).ResponseAsync, "update_mask");
        await RpcAssert.InvalidArgument(() => Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = published.Name, Type = CorrectionType.Correction, Text = "Planting a revision.",
            Article = new Article { Summary = "x", Revision = 9 },
        }).ResponseAsync, "article.revision");
        await RpcAssert.InvalidArgument(() => Client.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = published.Name, Type = CorrectionType.Correction, Text = "Another article's fix.",
            Article = new Article { Name = "articles/another", Summary = "x" },
        }).ResponseAsync, "article.name");
        Assert.Equal(published, await Client.GetArticleAsync(new GetArticleRequest { Name = published.Name }));
    }

    [Fact]
    public async Task TranslationSource_MustBeAnotherArticleOfTheGroup_AtARevisionItHad()
    {
        var source = await CreateAsync();
        var group = source.TranslationGroup;
        var stranger = await CreateAsync(SampleArticles.New().Also(a => a.TranslationGroup = "another-story"));
        Article Translation(string article, long revision) => SampleArticles.New(language: "fr").Also(a =>
        {
            a.TranslationGroup = group;
            a.TranslationSource = new TranslationSource { Article = article, Revision = revision };
        });

        await RpcAssert.InvalidArgument(() => Client.CreateArticleAsync(new CreateArticleRequest { Article = Translation("articles/missing", 1) }).ResponseAsync, "article.translation_source.article");
        await RpcAssert.InvalidArgument(() => Client.CreateArticleAsync(new CreateArticleRequest { Article = Translation(stranger.Name, 1) }).ResponseAsync, "article.translation_source.article");
        await RpcAssert.InvalidArgument(() => Client.CreateArticleAsync(new CreateArticleRequest { Article = Translation(source.Name, 2) }).ResponseAsync, "article.translation_source.revision");
        await RpcAssert.InvalidArgument(() => Client.CreateArticleAsync(new CreateArticleRequest { Article = Translation("not-a-name", 1) }).ResponseAsync, "article.translation_source.article");
        await RpcAssert.InvalidArgument(() => Client.CreateArticleAsync(new CreateArticleRequest
        {
            Article = Translation(source.Name, 1).Also(a => a.TranslationSource.Stale = true),
        }).ResponseAsync, "article.translation_source.stale");
        await RpcAssert.InvalidArgument(() => Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = source.Name, TranslationSource = new TranslationSource { Article = source.Name, Revision = 1 } },
            UpdateMask = FieldMask.FromString("translation_source"),
        }).ResponseAsync, "article.translation_source.article");
    }

    [Fact]
    public async Task TranslationSource_ADraftTheCallerMayNotSee_DoesNotExistForIt()
    {
        var hidden = await CreateAsync();
        var reporter = As(TestIdentity.Shared.Token("lineage-reporter-" + Guid.NewGuid().ToString("N")[..8], "reporter"));
        var translation = SampleArticles.New(language: "fr").Also(a =>
        {
            a.TranslationGroup = hidden.TranslationGroup;
            a.TranslationSource = new TranslationSource { Article = hidden.Name, Revision = 5 };
        });

        var bad = await RpcAssert.InvalidArgument(() => reporter.CreateArticleAsync(new CreateArticleRequest { Article = translation }).ResponseAsync,
            "article.translation_source.article");

        Assert.Equal($"{hidden.Name} does not exist", bad.FieldViolations.Single().Description);
    }

    [Fact]
    public async Task SourceTextChanges_PutTranslationsBehind_UntilTheyCatchUp()
    {
        var group = "lineage-" + Guid.NewGuid().ToString("N")[..10];
        var source = await CreateAsync(SampleArticles.New().Also(a => a.TranslationGroup = group));
        var translation = await CreateAsync(SampleArticles.New(language: "fr").Also(a =>
        {
            a.TranslationGroup = group;
            a.TranslationSource = new TranslationSource { Article = source.Name, Revision = source.Revision };
        }));
        Assert.False(translation.TranslationSource.Stale);

        await SetAsync(source.Name, "label", new Article { Label = "Exclusive" });
        Assert.False((await Client.GetArticleAsync(new GetArticleRequest { Name = translation.Name })).TranslationSource.Stale);
        await SetAsync(source.Name, "headline", new Article { Headline = "A new headline" });
        var latest = await SetAsync(source.Name, "body", new Article { Body = { new Block { Paragraph = new Paragraph { Text = "A new body." } } } });

        var behind = await Client.GetArticleAsync(new GetArticleRequest { Name = translation.Name });
        Assert.True(behind.TranslationSource.Stale);
        Assert.Equal(2, behind.TranslationSource.RevisionsBehind);
        Assert.Equal(translation.Revision + 2, behind.Revision);
        var marked = (await HistoryAsync(translation.Name))[0];
        Assert.Equal(["translation_source"], marked.ChangedFields);
        Assert.Equal("UpdateArticle", marked.Rpc);
        var backlog = await Client.ListArticlesAsync(new ListArticlesRequest { TranslationGroup = group, StaleTranslations = true });
        Assert.Equal([translation.Name], backlog.Articles.Select(a => a.Name));

        // An edit of the translation that names the same source revision keeps its standing, whatever it sends.
        var edited = await Client.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = translation.Name, Summary = "Résumé.", TranslationSource = new TranslationSource { Article = source.Name, Revision = source.Revision } },
            UpdateMask = FieldMask.FromString("summary,translation_source"),
        });
        Assert.Equal(2, edited.TranslationSource.RevisionsBehind);

        var caughtUp = await SetAsync(translation.Name, "translation_source", new Article { TranslationSource = new TranslationSource { Article = source.Name, Revision = latest.Revision } });
        Assert.False(caughtUp.TranslationSource.Stale);
        Assert.Equal(0, caughtUp.TranslationSource.RevisionsBehind);
        Assert.Empty((await Client.ListArticlesAsync(new ListArticlesRequest { TranslationGroup = group, StaleTranslations = true })).Articles);

        var halfway = await SetAsync(translation.Name, "translation_source", new Article { TranslationSource = new TranslationSource { Article = source.Name, Revision = latest.Revision - 1 } });
        Assert.Equal(1, halfway.TranslationSource.RevisionsBehind);
    }
}

public sealed class SqliteNewsroomRecordTests(SqliteArticleServiceFixture fixture) : NewsroomRecordTests<SqliteArticleServiceFixture>(fixture);

public sealed class PostgresNewsroomRecordTests(PostgresArticleServiceFixture fixture) : NewsroomRecordTests<PostgresArticleServiceFixture>(fixture);
