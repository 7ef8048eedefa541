using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NewsMesh.Articles.Tests.Bylines;
using NewsMesh.Articles.Tests.Integration;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Images;

/// <summary>The article service checking lead media and media blocks against a real media service process.</summary>
public sealed class ArticleImageTests : IAsyncLifetime
{
    private ServiceProcess _media = null!;
    private TestDatabase? _database;
    private ArticleServiceHost? _articles;
    private string _photo = "", _chart = "";

    private ArticleService.ArticleServiceClient Articles => _articles!.Client;

    public async Task InitializeAsync()
    {
        _media = await ServiceProcess.StartWithOwnDataAsync("media");
        try
        {
            _photo = await UploadAsync(TestPng.Solid(64, 48, 200, 120, 40));
            _chart = await UploadAsync(TestPng.Solid(48, 48, 20, 60, 180));
            _database = TestDatabase.Sqlite();
            _articles = new ArticleServiceHost(_database, new Dictionary<string, string?> { ["Articles:MediaAddress"] = _media.GrpcAddress });
            _articles.StartServer();
        }
        catch
        {
            // xunit does not call DisposeAsync when InitializeAsync fails: nothing started here may outlive the test.
            await DisposeAsync();
            throw;
        }
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
            await _media.DisposeAsync();
        }
    }

    private async Task<string> UploadAsync(byte[] png)
    {
        using var call = new MediaService.MediaServiceClient(_media.Channel).UploadMedia();
        await call.RequestStream.WriteAsync(new UploadMediaRequest
        {
            Metadata = new UploadMetadata
            {
                ContentType = "image/png",
                Media = new Contracts.Media.V1.Media { Credit = "Graphic: Newsroom desk", AltText = "A flat block of colour." },
            },
        });
        await call.RequestStream.WriteAsync(new UploadMediaRequest { Chunk = ByteString.CopyFrom(png) });
        await call.RequestStream.CompleteAsync();
        return (await call.ResponseAsync).Name;
    }

    private static Article Illustrated(string lead, params string[] blocks)
    {
        var article = SampleArticles.New();
        article.LeadMedia = new LeadMedia { Media = lead, AspectRatio = "16x9" };
        foreach (var media in blocks)
        {
            article.Body.Add(new Block { Media = new MediaReference { Media = media } });
        }
        return article;
    }

    [Fact]
    public async Task Create_ExistingImages_Written()
    {
        var created = await Articles.CreateArticleAsync(new CreateArticleRequest { Article = Illustrated(_photo, _chart, _photo) });

        Assert.Equal(_photo, created.LeadMedia.Media);
    }

    [Fact]
    public async Task Create_UnknownImages_InvalidArgumentNamingEveryFieldThatUsesIt()
    {
        var article = Illustrated("media/never-uploaded", _chart, "media/never-uploaded");

        await RpcAssert.InvalidArgument(() => Articles.CreateArticleAsync(new CreateArticleRequest { Article = article }).ResponseAsync,
            "article.lead_media.media", $"article.body[{article.Body.Count - 1}].media.media");
        Assert.Empty((await Articles.ListArticlesAsync(new ListArticlesRequest { Section = article.Section })).Articles);
    }

    [Fact]
    public async Task Update_NewUnknownBlock_InvalidArgument_DeletedImageAlreadyShownIsKept()
    {
        var doomed = await UploadAsync(TestPng.Solid(32, 32, 90, 90, 90));
        var created = await Articles.CreateArticleAsync(new CreateArticleRequest { Article = Illustrated(doomed, _chart) });
        using (var admin = _media.ChannelWith(TestIdentity.Shared.TokenFor("admin")))
        {
            await new MediaService.MediaServiceClient(admin).DeleteMediaAsync(new DeleteMediaRequest { Name = doomed });
        }

        var withUnknown = Illustrated(doomed, _chart, "media/not-there");
        await RpcAssert.InvalidArgument(() => Articles.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = withUnknown,
            UpdateMask = new FieldMask { Paths = { "body" } },
        }.WithName(created.Name)).ResponseAsync, $"article.body[{withUnknown.Body.Count - 1}].media.media");

        // The deleted lead image was checked when it was added; editing around it still works.
        var edited = Illustrated(doomed, _chart, _photo);
        var updated = await Articles.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = edited,
            UpdateMask = new FieldMask { Paths = { "body", "lead_media" } },
        }.WithName(created.Name));
        Assert.Equal(created.Revision + 1, updated.Revision);
    }

    [Fact]
    public async Task MediaServiceStopped_WritesThatAddImagesAreUnavailable_OthersGoOn()
    {
        var existing = await Articles.CreateArticleAsync(new CreateArticleRequest { Article = Illustrated(_photo) });

        await _media.KillAsync();

        var status = await RpcAssert.FailsWith(StatusCode.Unavailable,
            () => Articles.CreateArticleAsync(new CreateArticleRequest { Article = Illustrated(_chart) }).ResponseAsync);
        Assert.Equal("MEDIA_UNAVAILABLE", status.GetDetail<Google.Rpc.ErrorInfo>().Reason);
        await RpcAssert.FailsWith(StatusCode.Unavailable, () => Articles.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { LeadMedia = new LeadMedia { Media = _chart } },
            UpdateMask = new FieldMask { Paths = { "lead_media" } },
        }.WithName(existing.Name)).ResponseAsync);
        Assert.Equal(existing, await Articles.GetArticleAsync(new GetArticleRequest { Name = existing.Name }));

        var renamed = await Articles.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = existing.Name, Headline = "Written while the media service was down" },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        });
        Assert.Equal(existing.Revision + 1, renamed.Revision);
    }
}
