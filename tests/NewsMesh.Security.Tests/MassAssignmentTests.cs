using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Testing;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Security.Tests;

/// <summary>
/// Every field that only the service sets, sent by a caller on a create and on an update (with a mask that does not
/// name it, and with one that does): INVALID_ARGUMENT naming the field, for every role that may write, and nothing
/// changes. The fields are listed here from the contract's documentation, not read from the services' code.
/// </summary>
[Collection(SecurityMeshUsers.Name)]
public sealed class MassAssignmentTests(SecurityMesh fixture)
{
    private static readonly Timestamp Now = Timestamp.FromDateTime(DateTime.UtcNow);

    private static readonly Dictionary<string, Action<Article>> ArticleFields = new()
    {
        ["previous_slugs"] = a => a.PreviousSlugs.Add("old-slug"),
        ["state"] = a => a.State = Article.Types.State.Published,
        ["publish_time"] = a => a.PublishTime = Now,
        ["first_publish_time"] = a => a.FirstPublishTime = Now,
        ["create_time"] = a => a.CreateTime = Now,
        ["update_time"] = a => a.UpdateTime = Now,
        ["delete_time"] = a => a.DeleteTime = Now,
        ["corrections"] = a => a.Corrections.Add(new Correction { Type = Correction.Types.Type.Correction, Text = "Planted." }),
        ["revision"] = a => a.Revision = 99,
        ["attribution"] = a => a.Attribution = "Some information was provided by nobody.",
        ["creator"] = a => a.Creator = "someone-else",
        ["update_actor"] = a => a.UpdateActor = "someone-else",
    };

    private static readonly Dictionary<string, Action<Author>> AuthorFields = new()
    {
        ["state"] = a => a.State = Author.Types.State.Archived,
        ["create_time"] = a => a.CreateTime = Now,
        ["update_time"] = a => a.UpdateTime = Now,
        ["revision"] = a => a.Revision = 99,
    };

    private static readonly Dictionary<string, Action<MediaResource>> MediaFields = new()
    {
        ["kind"] = m => m.Kind = MediaResource.Types.Kind.Image,
        ["original"] = m => m.Original = new Original { Width = 1 },
        ["renditions"] = m => m.Renditions.Add(new Rendition { Uri = "https://elsewhere.example/x.jpg" }),
        ["create_time"] = m => m.CreateTime = Now,
        ["update_time"] = m => m.UpdateTime = Now,
        ["revision"] = m => m.Revision = 99,
    };

    public static TheoryData<string, string> ArticleCases() => Cases(ArticleFields.Keys, ["reporter", "editor", "admin", "service"]);

    public static TheoryData<string, string> AuthorCases() => Cases(AuthorFields.Keys, ["editor", "admin", "service"]);

    public static TheoryData<string, string> MediaCases() => Cases(MediaFields.Keys, ["reporter", "editor", "admin"]);

    [Theory]
    [MemberData(nameof(ArticleCases))]
    public async Task Article_OutputOnlyFieldSet_RefusedOnCreateAndUpdate(string field, string role)
    {
        using var channel = fixture.Mesh.Grpc(TestIdentity.Shared.TokenFor(role));
        var client = new ArticleService.ArticleServiceClient(channel);
        var planted = SecurityMesh.NewArticle();
        ArticleFields[field](planted);
        await RpcAssert.InvalidArgument(() => client.CreateArticleAsync(new CreateArticleRequest { Article = planted }).ResponseAsync, "article." + field);
        await RpcAssert.FailsWith(Grpc.Core.StatusCode.NotFound, async () =>
            await fixture.EditorArticles.LookupArticleAsync(new LookupArticleRequest { Slug = planted.Slug, LanguageCode = "en" }));

        // The reporter's own draft, so that only the planted field stands in the way.
        var own = await client.CreateArticleAsync(new CreateArticleRequest { Article = SecurityMesh.NewArticle() });
        var patch = new Article { Name = own.Name, Headline = "A new headline" };
        ArticleFields[field](patch);
        foreach (var mask in new[] { "headline", field })
        {
            await RpcAssert.InvalidArgument(() => client.UpdateArticleAsync(new UpdateArticleRequest
            {
                Article = patch, UpdateMask = FieldMask.FromString(mask),
            }).ResponseAsync, mask == field ? ["update_mask", "article." + field] : ["article." + field]);
        }
        Assert.Equal(own, await fixture.EditorArticles.GetArticleAsync(new GetArticleRequest { Name = own.Name }));
    }

    [Theory]
    [MemberData(nameof(AuthorCases))]
    public async Task Author_OutputOnlyFieldSet_RefusedOnCreateAndUpdate(string field, string role)
    {
        using var channel = fixture.Mesh.Grpc(TestIdentity.Shared.TokenFor(role));
        var client = new AuthorService.AuthorServiceClient(channel);
        var id = SecurityMesh.Unique("planted");
        var planted = new Author { Slug = id, Kind = Author.Types.Kind.Person, DisplayName = "Planted Person" };
        AuthorFields[field](planted);
        await RpcAssert.InvalidArgument(() => client.CreateAuthorAsync(new CreateAuthorRequest { AuthorId = id, Author = planted }).ResponseAsync,
            "author." + field);

        var existing = await fixture.AuthorAsync();
        var patch = new Author { Name = existing.Name, DisplayName = "Renamed" };
        AuthorFields[field](patch);
        await RpcAssert.InvalidArgument(() => client.UpdateAuthorAsync(new UpdateAuthorRequest
        {
            Author = patch, UpdateMask = FieldMask.FromString("display_name"),
        }).ResponseAsync, "author." + field);
    }

    [Theory]
    [MemberData(nameof(MediaCases))]
    public async Task Media_OutputOnlyFieldSet_RefusedOnUploadAndUpdate(string field, string role)
    {
        using var channel = fixture.Mesh.Grpc(TestIdentity.Shared.TokenFor(role));
        var client = new MediaService.MediaServiceClient(channel);
        var planted = new MediaResource { Credit = "Test", AltText = "A planted image." };
        MediaFields[field](planted);
        await RpcAssert.InvalidArgument(() => GatewayMesh.UploadAsync(client, "", TestPng.Solid(16, 9, 5, 5, 5), planted), "metadata.media." + field);

        if (role == "reporter")
        {
            return;
        }
        var existing = await fixture.MediaAsync();
        var patch = new MediaResource { Name = existing.Name, Caption = "A caption." };
        MediaFields[field](patch);
        await RpcAssert.InvalidArgument(() => client.UpdateMediaAsync(new UpdateMediaRequest
        {
            Media = patch, UpdateMask = FieldMask.FromString("caption"),
        }).ResponseAsync, "media." + field);
    }

    private static TheoryData<string, string> Cases(IEnumerable<string> fields, string[] roles)
    {
        var data = new TheoryData<string, string>();
        foreach (var field in fields)
        {
            foreach (var role in roles)
            {
                data.Add(field, role);
            }
        }
        return data;
    }
}
