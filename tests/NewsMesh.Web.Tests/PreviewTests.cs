using System.Net;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Playwright;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.Testing;

namespace NewsMesh.Web.Tests;

/// <summary>A draft is not found by readers; a preview link the API issues shows it to whoever holds it, uncached and unindexed, until it expires.</summary>
[Collection(WebFront.Name)]
public sealed class PreviewTests(WebMesh web)
{
    private PageService.PageServiceClient Pages(string? token) => new(web.Mesh.Grpc(token));

    [Fact]
    public async Task PreviewLink_ShowsTheDraft_NeverCached_NeverIndexed()
    {
        var draft = web.Mesh.Draft;
        var link = await Pages(GatewayMesh.Editor).CreateArticlePreviewAsync(new CreateArticlePreviewRequest { Article = draft.Name });
        Assert.True(link.ExpireTime.ToDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(20));
        var page = await web.PageAsync();

        var response = await page.GotoAsync($"/preview/{link.Token}");

        Assert.Equal(200, response!.Status);
        Assert.Equal(draft.Headline, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Contains("Preview", await page.GetByRole(AriaRole.Note).First.TextContentAsync());
        Assert.Equal("private, no-store", response.Headers["cache-control"]);
        Assert.Equal("noindex, nofollow", response.Headers["x-robots-tag"]);
        Assert.Equal("noindex, nofollow", await page.Locator("meta[name=robots]").GetAttributeAsync("content"));
        Assert.Equal(0, await page.Locator("link[rel=canonical]").CountAsync());
        Assert.False(response.Headers.ContainsKey("surrogate-key"));
        // Readers still find no such page.
        using var http = web.Http();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/en/world/{draft.Slug}")).StatusCode);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PreviewLink_StopsWorking_WhenItExpires()
    {
        var link = await Pages(GatewayMesh.Editor).CreateArticlePreviewAsync(new CreateArticlePreviewRequest
        {
            Article = web.Mesh.Draft.Name,
            Ttl = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)),
        });
        using var http = web.Http();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/preview/{link.Token}")).StatusCode);

        await RpcAssert.Eventually(async () => (await http.GetAsync($"/preview/{link.Token}")).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(15), "the expired preview link to be refused");
        Assert.True(DateTimeOffset.UtcNow >= link.ExpireTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task ForgedOrAlteredLink_IsNotFound()
    {
        var link = await Pages(GatewayMesh.Editor).CreateArticlePreviewAsync(new CreateArticlePreviewRequest { Article = web.Mesh.Draft.Name });
        var parts = link.Token.Split('.');
        using var http = web.Http();
        foreach (var token in new[]
        {
            $"{web.Mesh.English.Name.Split('/')[1]}.{parts[1]}.{parts[2]}",
            $"{parts[0]}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 3600}.{parts[2]}",
            "not-a-token",
            new string('a', 5000),
        })
        {
            using var response = await http.GetAsync($"/preview/{token}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(web.Mesh.Draft.Headline, await response.Content.ReadAsStringAsync());
        }
        await RpcAssert.FailsWith(Grpc.Core.StatusCode.NotFound, () => Pages(null).GetArticlePreviewAsync(new GetArticlePreviewRequest { Token = "a.1.b" }).ResponseAsync);
    }

    [Fact]
    public async Task BadPreviewRequests_AreInvalidArgument_NamingTheField()
    {
        var editor = Pages(GatewayMesh.Editor);
        await RpcAssert.InvalidArgument(() => editor.CreateArticlePreviewAsync(new CreateArticlePreviewRequest { Article = "drafts/x" }).ResponseAsync, "article");
        await RpcAssert.InvalidArgument(() => editor.CreateArticlePreviewAsync(new CreateArticlePreviewRequest
        {
            Article = web.Mesh.Draft.Name, Ttl = Duration.FromTimeSpan(TimeSpan.FromDays(8)),
        }).ResponseAsync, "ttl");
        await RpcAssert.InvalidArgument(() => editor.CreateArticlePreviewAsync(new CreateArticlePreviewRequest
        {
            Article = web.Mesh.Draft.Name, Ttl = new Duration { Seconds = 5, Nanos = -1 },
        }).ResponseAsync, "ttl");
        await RpcAssert.InvalidArgument(() => Pages(null).GetArticlePreviewAsync(new GetArticlePreviewRequest()).ResponseAsync, "token");
        // Over JSON, the same rules: 400.
        using var json = web.Mesh.Web(GatewayMesh.Editor);
        using var response = await json.PostAsync("/v1/pages/previews", new StringContent("{\"article\":\"articles/x\",\"ttl\":\"-5s\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
