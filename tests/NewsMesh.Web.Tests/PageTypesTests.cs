using System.Net;
using Microsoft.Playwright;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Web.Tests;

/// <summary>Every kind of page, with what the API holds: fronts, sections, authors, search, a retracted story, a renamed one, a missing one.</summary>
[Collection(WebFront.Name)]
public sealed class PageTypesTests(WebMesh web)
{
    [Fact]
    public async Task Front_LeadsWithTheLatestStory_Large_AndListsTheOthers()
    {
        var list = new ArticleService.ArticleServiceClient(web.Mesh.Grpc());
        var page = await web.PageAsync();
        ListArticlesResponse latest = new();
        // Another test's stories may still be reaching readers' caches: the front agrees with the list once they have.
        await RpcAssert.Eventually(async () =>
        {
            latest = await list.ListArticlesAsync(new ListArticlesRequest { LanguageCode = "en", State = Article.Types.State.Published, PageSize = NewsMesh.Web.Pages.FrontModel.Stories });
            Assert.Equal(200, (await page.GotoAsync("/en/"))!.Status);
            return await page.Locator(".lead-story h2").TextContentAsync() == latest.Articles[0].Headline
                && (await page.Locator(".stories h3").AllTextContentsAsync()).SequenceEqual(latest.Articles.Skip(1).Select(a => a.Headline));
        }, TimeSpan.FromSeconds(15), "the front to show the latest stories");

        Assert.Equal(latest.Articles[0].Headline, await page.Locator(".lead-story h2").TextContentAsync());
        Assert.DoesNotContain(web.Mesh.Draft.Headline, await page.Locator("main").TextContentAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Root_SendsReadersToTheDefaultLanguagesFront()
    {
        using var http = web.Http();
        using var response = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/en/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Section_ListsItsStoriesNewestFirst_AndPagesOn()
    {
        var articles = new ArticleService.ArticleServiceClient(web.Mesh.Articles.Channel);
        for (var i = 0; i < 21; i++)
        {
            var created = await articles.CreateArticleAsync(new CreateArticleRequest
            {
                Article = new Article
                {
                    Slug = $"tide-table-{i}", LanguageCode = "en", Section = "science", Headline = $"Tide table {i}",
                    Body = { new Block { Paragraph = new Paragraph { Text = "High water at noon." } } },
                },
            });
            await articles.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
        }
        var page = await web.PageAsync();
        IReadOnlyList<string> first = [];
        await RpcAssert.Eventually(async () =>
        {
            await page.GotoAsync("/en/science/");
            first = await page.Locator(".stories h3").AllTextContentsAsync();
            return first.Count == 20 && first[0] == "Tide table 20";
        }, TimeSpan.FromSeconds(15), "the section front to show its newest stories");

        Assert.Equal(Enumerable.Range(1, 20).Reverse().Select(i => $"Tide table {i}"), first);
        Assert.Equal("Science", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Equal("page", await page.Locator("nav.sections a[href='/en/science/']").GetAttributeAsync("aria-current"));
        await page.GetByRole(AriaRole.Link, new() { Name = "More stories" }).ClickAsync();
        Assert.Equal(["Tide table 0"], await page.Locator(".stories h3").AllTextContentsAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Author_ShowsTheBioInThePagesLanguage_AndTheirLatestStories()
    {
        var page = await web.PageAsync();
        await RpcAssert.Eventually(async () =>
        {
            await page.GotoAsync("/fr/authors/ines-calder");
            return await page.Locator(".stories h3").CountAsync() > 0;
        }, TimeSpan.FromSeconds(15), "the author page to list the author's stories (the search index follows the feed)");

        Assert.Equal("Ines Calder", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Equal("Correspondante portuaire", await page.Locator(".author .title").TextContentAsync());
        Assert.Equal("Ines Calder couvre les ports et le transport maritime.", await page.Locator(".author .bio").TextContentAsync());
        Assert.Equal([web.Mesh.French.Headline], await page.Locator(".stories h3").AllTextContentsAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Search_ShowsHighlightedSnippets_AndSectionCounts()
    {
        var page = await web.PageAsync();
        await RpcAssert.Eventually(async () =>
        {
            await page.GotoAsync("/en/");
            await page.GetByLabel("Search the news").FillAsync("cranes");
            await page.GetByLabel("Search the news").PressAsync("Enter");
            await page.WaitForURLAsync("**/en/search?q=cranes");
            return await page.Locator(".stories h3").CountAsync() > 0;
        }, TimeSpan.FromSeconds(15), "search, from the masthead's form, to find the renamed story");

        Assert.Equal([web.Renamed.Headline], await page.Locator(".stories h3").AllTextContentsAsync());
        Assert.Equal("/en/business/harbour-cranes-stand-idle", await page.Locator(".stories h3 a").GetAttributeAsync("href"));
        Assert.Equal("1 results", await page.Locator(".result-count").TextContentAsync());
        Assert.Contains("business", await page.Locator(".facets a").First.GetAttributeAsync("href"));
        Assert.Equal("cranes", await page.Locator("#search-query").InputValueAsync());

        await page.GotoAsync("/en/search?q=port");
        Assert.True(await page.Locator(".snippet mark").CountAsync() > 0, "no match is marked in the snippets");
        Assert.All(await page.Locator(".snippet mark").AllTextContentsAsync(), m => Assert.Equal("port", m, ignoreCase: true));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Search_TooLong_IsSaidSo_With400()
    {
        using var http = web.Http();
        using var response = await http.GetAsync("/en/search?q=" + new string('a', 501));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Your search is too long: at most 500 characters.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RetractedStory_ShowsItsRetractionNotice()
    {
        var page = await web.PageAsync();
        Assert.Equal(200, (await page.GotoAsync($"/en/business/{web.Retracted.Slug}"))!.Status);

        var notice = page.GetByRole(AriaRole.Note);
        Assert.Contains("This article has been retracted.", await notice.TextContentAsync());
        Assert.Contains("could not be verified", await notice.TextContentAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OldSlug_OrAnotherSection_IsSentOnForGood_ToTheArticlesAddress()
    {
        using var http = web.Http();
        foreach (var path in new[] { $"/en/business/{WebMesh.OldSlug}", $"/en/world/{web.Renamed.Slug}" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            Assert.Equal("/en/business/harbour-cranes-stand-idle", response.Headers.Location?.OriginalString);
        }
    }

    [Theory]
    [InlineData("/en/world/no-such-story")]
    [InlineData("/en/authors/no-such-author")]
    [InlineData("/en/no-such-section/")]
    [InlineData("/xx-not-a-language!/")]
    [InlineData("/fr/nothing/here/at/all")]
    public async Task Missing_IsA404Page_InTheAddressesLanguage_NeverKept(string path)
    {
        var page = await web.PageAsync();
        var response = await page.GotoAsync(path);

        Assert.Equal(404, response!.Status);
        Assert.Equal("no-store", response.Headers["cache-control"]);
        var heading = await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync();
        Assert.Equal(path.StartsWith("/fr/", StringComparison.Ordinal) ? "Page introuvable" : "Page not found", heading);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Draft_IsNotFound_ForReaders()
    {
        using var http = web.Http();
        using var response = await http.GetAsync($"/en/world/{web.Mesh.Draft.Slug}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.DoesNotContain(web.Mesh.Draft.Headline, await response.Content.ReadAsStringAsync());
    }
}
