using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NewsMesh.Articles.Tests.Integration;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Bylines;

/// <summary>The article service checking bylines against a real author service process.</summary>
public sealed class BylineTests : IAsyncLifetime
{
    private ServiceProcess _authors = null!;
    private TestDatabase? _database;
    private ArticleServiceHost? _articles;
    private string _person = "", _agencyA = "", _agencyB = "", _archived = "";

    private ArticleService.ArticleServiceClient Articles => _articles!.Client;

    public async Task InitializeAsync()
    {
        _authors = await ServiceProcess.StartWithOwnDataAsync("authors");
        try
        {
            await SeedAndStartAsync();
        }
        catch
        {
            // xunit does not call DisposeAsync when InitializeAsync fails: nothing started here may outlive the test.
            await DisposeAsync();
            throw;
        }
    }

    private async Task SeedAndStartAsync()
    {
        var authors = new AuthorService.AuthorServiceClient(_authors.Channel);
        async Task<string> Create(string name, Author.Types.Kind kind) =>
            (await authors.CreateAuthorAsync(new CreateAuthorRequest
            {
                Author = new Author { Slug = SampleArticles.UniqueSlug("author"), Kind = kind, DisplayName = name },
            })).Name;
        _person = await Create("Lena Marsh", Author.Types.Kind.Person);
        _agencyA = await Create("Northwire", Author.Types.Kind.WireAgency);
        _agencyB = await Create("Agence Lumen", Author.Types.Kind.WireAgency);
        _archived = await Create("Old Desk", Author.Types.Kind.Organization);
        using (var admin = _authors.ChannelWith(TestIdentity.Shared.TokenFor("admin")))
        {
            await new AuthorService.AuthorServiceClient(admin).ArchiveAuthorAsync(new ArchiveAuthorRequest { Name = _archived });
        }

        _database = TestDatabase.Sqlite();
        _articles = new ArticleServiceHost(_database, new Dictionary<string, string?> { ["Articles:AuthorsAddress"] = _authors.GrpcAddress });
        _articles.StartServer();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_articles is not null)
            {
                await _articles.DisposeAsync();
            }
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
        finally
        {
            await _authors.DisposeAsync();
        }
    }

    private static Article WithBylines(params (string Author, Byline.Types.Role Role)[] bylines)
    {
        var article = SampleArticles.New();
        article.Bylines.Clear();
        article.Bylines.AddRange(bylines.Select(b => new Byline { Author = b.Author, Role = b.Role }));
        return article;
    }

    [Fact]
    public async Task Create_KnownAuthors_DerivesTheAttributionLine()
    {
        var created = await Articles.CreateArticleAsync(new CreateArticleRequest
        {
            Article = WithBylines((_person, Byline.Types.Role.Author), (_agencyA, Byline.Types.Role.InformationSource),
                (_agencyB, Byline.Types.Role.InformationSource)),
        });

        Assert.Equal("Some information for this report was provided by Northwire and Agence Lumen.", created.Attribution);

        var french = await Articles.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = created.Name, LanguageCode = "fr" },
            UpdateMask = new FieldMask { Paths = { "language_code" } },
        });
        Assert.Equal("Certaines informations de cet article ont été fournies par Northwire et Agence Lumen.", french.Attribution);
    }

    [Fact]
    public async Task Create_UnknownAuthor_InvalidArgumentNamingTheByline()
    {
        await RpcAssert.InvalidArgument(() => Articles.CreateArticleAsync(new CreateArticleRequest
        {
            Article = WithBylines((_person, Byline.Types.Role.Author), ("authors/nobody-here", Byline.Types.Role.Contributor)),
        }).ResponseAsync, "article.bylines[1].author");
    }

    [Fact]
    public async Task ArchivedAuthor_RefusedInNewBylines_KeptInOldOnes()
    {
        await RpcAssert.InvalidArgument(() => Articles.CreateArticleAsync(new CreateArticleRequest
        {
            Article = WithBylines((_archived, Byline.Types.Role.Author)),
        }).ResponseAsync, "article.bylines[0].author");

        // An article that named the author before the archive keeps it, even when its bylines change.
        using var admin = _authors.ChannelWith(TestIdentity.Shared.TokenFor("admin"));
        var authors = new AuthorService.AuthorServiceClient(admin);
        await authors.UnarchiveAuthorAsync(new UnarchiveAuthorRequest { Name = _archived });
        var created = await Articles.CreateArticleAsync(new CreateArticleRequest { Article = WithBylines((_archived, Byline.Types.Role.Author)) });
        await authors.ArchiveAuthorAsync(new ArchiveAuthorRequest { Name = _archived });

        var updated = await Articles.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = WithBylines((_archived, Byline.Types.Role.Author), (_person, Byline.Types.Role.Contributor)),
            UpdateMask = new FieldMask { Paths = { "bylines" } },
        }.WithName(created.Name));
        Assert.Equal(2, updated.Bylines.Count);

        var other = await Articles.CreateArticleAsync(new CreateArticleRequest { Article = WithBylines((_person, Byline.Types.Role.Author)) });
        await RpcAssert.InvalidArgument(() => Articles.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = WithBylines((_person, Byline.Types.Role.Author), (_archived, Byline.Types.Role.Contributor)),
            UpdateMask = new FieldMask { Paths = { "bylines" } },
        }.WithName(other.Name)).ResponseAsync, "article.bylines[1].author");
    }

    [Fact]
    public async Task AuthorServiceStopped_WritesThatNeedItAreUnavailable_AndNothingIsWritten()
    {
        var existing = await Articles.CreateArticleAsync(new CreateArticleRequest { Article = WithBylines((_person, Byline.Types.Role.Author)) });

        await _authors.KillAsync();

        var article = WithBylines((_person, Byline.Types.Role.Author));
        var status = await RpcAssert.FailsWith(StatusCode.Unavailable,
            () => Articles.CreateArticleAsync(new CreateArticleRequest { Article = article }).ResponseAsync);
        Assert.Equal("AUTHORS_UNAVAILABLE", status.GetDetail<Google.Rpc.ErrorInfo>().Reason);
        Assert.Empty((await Articles.ListArticlesAsync(new ListArticlesRequest { Section = article.Section })).Articles);

        await RpcAssert.FailsWith(StatusCode.Unavailable, () => Articles.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = WithBylines((_agencyA, Byline.Types.Role.InformationSource)),
            UpdateMask = new FieldMask { Paths = { "bylines" } },
        }.WithName(existing.Name)).ResponseAsync);
        Assert.Equal(existing, await Articles.GetArticleAsync(new GetArticleRequest { Name = existing.Name }));

        // Changes that do not touch bylines go on without the author service.
        var renamed = await Articles.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = existing.Name, Headline = "Written while the author service was down" },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        });
        Assert.Equal(existing.Revision + 1, renamed.Revision);
    }
}

internal static class UpdateRequests
{
    public static UpdateArticleRequest WithName(this UpdateArticleRequest request, string name)
    {
        request.Article.Name = name;
        return request;
    }
}
