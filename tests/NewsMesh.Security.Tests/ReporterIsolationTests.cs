using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Security.Tests;

/// <summary>
/// Two reporters on one desk: each sees and edits its own drafts and nobody else's (no object-level access by
/// guessing a name, a slug, a page of a list or a request id), through the gateway and straight on the service.
/// </summary>
[Collection(SecurityMeshUsers.Name)]
public sealed class ReporterIsolationTests(SecurityMesh fixture)
{
    public static readonly TheoryData<string> Paths = [SecurityMesh.Direct, SecurityMesh.ThroughGateway];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task ReporterB_CannotReadEditListOrLookUp_ReportersADraft(string path)
    {
        var section = SecurityMesh.Unique("desk");
        using var channelA = Channel(path, TestIdentity.Shared.Token("reporter-a", "reporter"));
        using var channelB = Channel(path, TestIdentity.Shared.Token("reporter-b", "reporter"));
        var a = new ArticleService.ArticleServiceClient(channelA);
        var b = new ArticleService.ArticleServiceClient(channelB);
        var requestId = Guid.NewGuid().ToString();
        var draft = await a.CreateArticleAsync(new CreateArticleRequest { Article = SecurityMesh.NewArticle(section), RequestId = requestId });
        var ownB = await b.CreateArticleAsync(new CreateArticleRequest { Article = SecurityMesh.NewArticle(section) });

        Assert.Equal("reporter-a", draft.Creator);
        Assert.Equal(draft.Name, (await a.GetArticleAsync(new GetArticleRequest { Name = draft.Name })).Name);
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await b.GetArticleAsync(new GetArticleRequest { Name = draft.Name }));
        await RpcAssert.FailsWith(StatusCode.NotFound, async () =>
            await b.LookupArticleAsync(new LookupArticleRequest { Slug = draft.Slug, LanguageCode = "en" }));
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await b.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = draft.Name, Headline = "Taken over" },
            UpdateMask = FieldMask.FromString("headline"),
        }));
        // Nor does a stale etag tell it that the draft exists, or at which version.
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await b.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = draft.Name, Headline = "Taken over", Etag = "r0" },
            UpdateMask = FieldMask.FromString("headline"),
        }));
        // The same request id from another reporter does not hand over the first one's draft.
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, async () =>
            await b.CreateArticleAsync(new CreateArticleRequest { Article = SecurityMesh.NewArticle(section), RequestId = requestId }));
        // Lists, one article a page: each reporter pages through its own draft only.
        Assert.Equal([draft.Name], await AllNamesAsync(a, section));
        Assert.Equal([ownB.Name], await AllNamesAsync(b, section));

        var edited = await a.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = draft.Name, Headline = "Edited by its reporter", Etag = draft.Etag },
            UpdateMask = FieldMask.FromString("headline"),
        });
        Assert.Equal(("Edited by its reporter", "reporter-a"), (edited.Headline, edited.UpdateActor));
    }

    [Fact]
    public async Task Reporter_OnceItsDraftIsPublished_ReadsItButNoLongerEditsIt()
    {
        using var channel = Channel(SecurityMesh.ThroughGateway, TestIdentity.Shared.Token("reporter-c", "reporter"));
        var reporter = new ArticleService.ArticleServiceClient(channel);
        var draft = await reporter.CreateArticleAsync(new CreateArticleRequest { Article = SecurityMesh.NewArticle() });
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
            await reporter.PublishArticleAsync(new PublishArticleRequest { Name = draft.Name }));

        var published = await fixture.EditorArticles.PublishArticleAsync(new PublishArticleRequest { Name = draft.Name });

        Assert.Equal("test-editor", published.UpdateActor);
        Assert.Equal("reporter-c", published.Creator);
        Assert.Equal(draft.Name, (await reporter.GetArticleAsync(new GetArticleRequest { Name = draft.Name })).Name);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await reporter.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = draft.Name, Headline = "Changed after publication" },
            UpdateMask = FieldMask.FromString("headline"),
        }));
    }

    private static async Task<List<string>> AllNamesAsync(ArticleService.ArticleServiceClient client, string section)
    {
        var names = new List<string>();
        var token = "";
        do
        {
            var page = await client.ListArticlesAsync(new ListArticlesRequest { Section = section, PageSize = 1, PageToken = token });
            names.AddRange(page.Articles.Select(a => a.Name));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return names;
    }

    private Grpc.Net.Client.GrpcChannel Channel(string path, string token) => TestIdentity.Channel(path == SecurityMesh.Direct
        ? fixture.Mesh.Articles.GrpcAddress
        : $"http://127.0.0.1:{fixture.Mesh.Gateway.GrpcPort}", token);
}
