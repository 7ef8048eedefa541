using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.Testing;

namespace NewsMesh.Security.Tests;

/// <summary>
/// A draft that an editor has read every way there is (which fills the article service's memory and Redis levels,
/// the gateway's page composition and any HTTP cache that would keep the answers) stays invisible to anonymous
/// readers every way there is, over JSON and gRPC through the gateway and straight on the service.
/// </summary>
[Collection(SecurityMeshUsers.Name)]
public sealed class DraftThroughCachesTests(SecurityMesh fixture)
{
    [Fact]
    public async Task EditorWarmsEveryCache_AnonymousStillFindsNothing()
    {
        var section = SecurityMesh.Unique("drafts");
        var draft = await fixture.EditorArticles.CreateArticleAsync(new CreateArticleRequest { Article = SecurityMesh.NewArticle(section) });
        var byName = $"/v1/{draft.Name}";
        var bySlug = $"/v1/articles:lookup?slug={draft.Slug}&languageCode=en";
        var list = $"/v1/articles?section={section}";
        var page = $"/v1/pages/articles/{draft.Slug}?lang=en";

        using (var editor = fixture.Mesh.Web(TestIdentity.Shared.TokenFor("editor")))
        {
            foreach (var path in new[] { byName, bySlug, page })
            {
                using var seen = await editor.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
                Assert.Equal("no-store, private", string.Join(", ", seen.Headers.CacheControl!.ToString().Split(", ").Order()));
            }
            var listed = await editor.GetFromJsonAsync<JsonElement>(list);
            Assert.Equal(draft.Name, listed.GetProperty("articles")[0].GetProperty("name").GetString());
        }
        using (var editorGrpc = fixture.Mesh.Grpc(TestIdentity.Shared.TokenFor("editor")))
        {
            await new ArticleService.ArticleServiceClient(editorGrpc).GetArticleAsync(new GetArticleRequest { Name = draft.Name });
            await new PageService.PageServiceClient(editorGrpc).GetArticlePageAsync(new GetArticlePageRequest { Slug = draft.Slug, Lang = "en" });
        }

        using var anonymous = fixture.Mesh.Web();
        foreach (var path in new[] { byName, bySlug, page })
        {
            using var hidden = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            Assert.DoesNotContain(draft.Headline, await hidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var anonymousList = await anonymous.GetFromJsonAsync<JsonElement>(list);
        Assert.Equal(0, anonymousList.GetProperty("articles").GetArrayLength());

        foreach (var address in new[] { $"http://127.0.0.1:{fixture.Mesh.Gateway.GrpcPort}", fixture.Mesh.Articles.GrpcAddress })
        {
            using var channel = TestIdentity.Channel(address, null);
            var articles = new ArticleService.ArticleServiceClient(channel);
            await RpcAssert.FailsWith(StatusCode.NotFound, async () => await articles.GetArticleAsync(new GetArticleRequest { Name = draft.Name }));
            await RpcAssert.FailsWith(StatusCode.NotFound, async () =>
                await articles.LookupArticleAsync(new LookupArticleRequest { Slug = draft.Slug, LanguageCode = "en" }));
            Assert.Empty((await articles.ListArticlesAsync(new ListArticlesRequest { Section = section })).Articles);
        }
        using var gateway = TestIdentity.Channel($"http://127.0.0.1:{fixture.Mesh.Gateway.GrpcPort}", null);
        await RpcAssert.FailsWith(StatusCode.NotFound, async () =>
            await new PageService.PageServiceClient(gateway).GetArticlePageAsync(new GetArticlePageRequest { Slug = draft.Slug, Lang = "en" }));
    }

    [Fact]
    public async Task PublishedAnswers_PublicAndTheSameWhoeverAsks_ButPrivateToACallerWithCredentials()
    {
        var published = await fixture.PublishedAsync();
        using var anonymous = fixture.Mesh.Web();
        using var editor = fixture.Mesh.Web(TestIdentity.Shared.TokenFor("editor"));

        using var open = await anonymous.GetAsync($"/v1/{published.Name}");
        using var credentialed = await editor.GetAsync($"/v1/{published.Name}");

        Assert.StartsWith("public", open.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", open.Headers.Vary);
        Assert.Equal("no-store, private", string.Join(", ", credentialed.Headers.CacheControl!.ToString().Split(", ").Order()));
        Assert.Equal(open.Headers.ETag, credentialed.Headers.ETag);
    }
}
