using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Web.Tests;

/// <summary>What the web front says over HTTP: caching by state, validators, compression, security headers, and the feeds.</summary>
[Collection(WebFront.Name)]
public sealed class HttpTests(WebMesh web)
{
    private string EnglishPath => $"/en/world/{web.Mesh.English.Slug}";

    [Fact]
    public async Task PublishedArticle_IsPublic_PurgedByItsParts_AndRevalidatesTo304()
    {
        using var http = web.Http();
        using var first = await http.GetAsync(EnglishPath);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl?.Public);
        Assert.True(first.Headers.CacheControl?.MaxAge > TimeSpan.Zero);
        var keys = first.Headers.GetValues("Surrogate-Key").Single().Split(' ');
        Assert.Contains("article:" + web.Mesh.English.Name.Split('/')[1], keys);
        Assert.Contains("media:" + web.Mesh.Lead.Name.Split('/')[1], keys);
        Assert.Contains("author:ines-calder", keys);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, EnglishPath);
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task EveryPage_CarriesTheSecurityHeaders_AndNoInlineScriptIsAllowed()
    {
        using var http = web.Http();
        foreach (var path in new[] { EnglishPath, "/en/", "/en/search?q=ferry", "/en/no-such/page", "/sitemap.xml" })
        {
            using var response = await http.GetAsync(path);
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.StartsWith("default-src 'self';", policy);
            Assert.Contains("script-src 'none'", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task Pages_AreCompressed_ForClientsThatAcceptIt()
    {
        using var http = web.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, EnglishPath);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var response = await http.SendAsync(request);

        Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }

    [Fact]
    public async Task Sitemaps_ListTheLanguagesAndTheirArticles_NewsSitemapTheLastTwoDays()
    {
        using var http = web.Http();
        XNamespace map = "http://www.sitemaps.org/schemas/sitemap/0.9";
        XNamespace news = "http://www.google.com/schemas/sitemap-news/0.9";

        var index = XDocument.Parse(await http.GetStringAsync("/sitemap.xml"));
        var maps = index.Descendants(map + "loc").Select(l => l.Value).ToList();
        Assert.Contains($"{WebMesh.PublicUrl}/ar/sitemap.xml", maps);
        Assert.Contains($"{WebMesh.PublicUrl}/fr/news-sitemap.xml", maps);

        var english = XDocument.Parse(await http.GetStringAsync("/en/sitemap.xml"));
        var urls = english.Descendants(map + "loc").Select(l => l.Value).ToList();
        Assert.Contains($"{WebMesh.PublicUrl}{EnglishPath}", urls);
        Assert.DoesNotContain(urls, u => u.EndsWith(web.Mesh.Draft.Slug, StringComparison.Ordinal));

        var recent = XDocument.Parse(await http.GetStringAsync("/fr/news-sitemap.xml"));
        var item = Assert.Single(recent.Descendants(map + "url"));
        Assert.Equal(web.Mesh.French.Headline, item.Descendants(news + "title").Single().Value);
        Assert.Equal("fr", item.Descendants(news + "language").Single().Value);
    }

    [Fact]
    public async Task SectionFeed_IsAtom_WithTheSectionsStories()
    {
        using var http = web.Http();
        using var response = await http.GetAsync("/en/world/feed.atom");

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(web.Mesh.English.Headline, feed.Descendants(atom + "entry").Select(e => e.Element(atom + "title")!.Value));
        Assert.Equal($"{WebMesh.PublicUrl}/en/world/feed.atom", feed.Root!.Element(atom + "id")!.Value);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/en/no-such-section/feed.atom")).StatusCode);
    }

    [Fact]
    public async Task Images_ArePassedThroughFromTheGateway()
    {
        using var http = web.Http();
        var page = await http.GetStringAsync(EnglishPath);
        var src = System.Text.RegularExpressions.Regex.Match(page, "<img src=\"(?<src>[^\"]+)\"").Groups["src"].Value;
        Assert.StartsWith("/media/", src);

        using var image = await http.GetAsync(System.Net.WebUtility.HtmlDecode(src));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        Assert.True((await image.Content.ReadAsByteArrayAsync()).Length > 0);
    }

    [Fact]
    public async Task AKeptPage_IsNotAnsweredAgain_OnceItsArticleChanges_OrIsUnpublished()
    {
        var articles = new ArticleService.ArticleServiceClient(web.Mesh.Articles.Channel);
        var created = await articles.CreateArticleAsync(new CreateArticleRequest
        {
            Article = new Article
            {
                Slug = "lock-gates-repaired", LanguageCode = "en", Section = "business", Headline = "Lock gates repaired",
                Body = { new Block { Paragraph = new Paragraph { Text = "Barges move again." } } },
            },
        });
        var published = await articles.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
        using var http = web.Http();
        const string path = "/en/business/lock-gates-repaired";
        await RpcAssert.Eventually(async () => (await http.GetAsync(path)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(15), "the story to reach readers");
        // Read twice: the second answer is the kept page.
        Assert.Contains("Lock gates repaired", await http.GetStringAsync(path));
        Assert.Contains("Lock gates repaired", await http.GetStringAsync(path));

        await articles.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = published.Name, Headline = "Lock gates repaired ahead of schedule" },
            UpdateMask = FieldMask.FromString("headline"),
        });
        await RpcAssert.Eventually(async () => (await http.GetStringAsync(path)).Contains("ahead of schedule", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "the changed headline on the page");

        await articles.UnpublishArticleAsync(new UnpublishArticleRequest { Name = published.Name });
        await RpcAssert.Eventually(async () => (await http.GetAsync(path)).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(15), "the unpublished story to be gone");
        using var gone = await http.GetAsync(path);
        Assert.DoesNotContain("Lock gates", await gone.Content.ReadAsStringAsync());
        Assert.Equal("no-store", gone.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Head_SaysWhatGetWould()
    {
        using var http = web.Http();
        using var get = await http.GetAsync(EnglishPath);
        // Again, now that the page is kept.
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, EnglishPath));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        using var feedHead = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/en/world/feed.atom"));
        Assert.Equal(HttpStatusCode.OK, feedHead.StatusCode);
    }

    [Theory]
    [InlineData("/EN/", "/en/")]
    [InlineData("/En/world/ferry-crews-strike", "/en/world/ferry-crews-strike")]
    [InlineData("/FR/search?q=ferry", "/fr/search?q=ferry")]
    public async Task ALanguageNotInItsCanonicalForm_IsSentOnToIt(string path, string canonical)
    {
        using var http = web.Http();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(canonical, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/de/")]
    [InlineData("/metrics")]
    [InlineData("/status/404")]
    public async Task NothingIsThere_ForALanguageWithNoStories_ForMetrics_OrForTheStatusPageItself(string path)
    {
        using var http = web.Http();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
