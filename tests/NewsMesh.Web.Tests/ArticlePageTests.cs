using System.Text.Json;
using Microsoft.Playwright;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Gateway.V1;

namespace NewsMesh.Web.Tests;

/// <summary>The article page in a real browser: what it shows, the image it loads, the keyboard's first stop, the language of each part.</summary>
[Collection(WebFront.Name)]
public sealed class ArticlePageTests(WebMesh web)
{
    private static string PathOf(Article a) => $"/{a.LanguageCode}/{a.Section}/{a.Slug}";

    /// <summary>Pages write times to the second.</summary>
    private static DateTimeOffset ToSecond(Google.Protobuf.WellKnownTypes.Timestamp time) =>
        DateTimeOffset.FromUnixTimeSeconds(time.ToDateTimeOffset().ToUnixTimeSeconds());

    [Fact]
    public async Task Article_ShowsWhatTheApiHolds_FieldByField()
    {
        var composed = await new PageService.PageServiceClient(web.Mesh.Grpc()).GetArticlePageAsync(new GetArticlePageRequest { Slug = web.Mesh.English.Slug, Lang = "en" });
        var article = composed.Article;
        var page = await web.PageAsync();

        var response = await page.GotoAsync(PathOf(article));

        Assert.Equal(200, response!.Status);
        Assert.Equal(article.Headline, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("ltr", await page.Locator("html").GetAttributeAsync("dir"));
        var body = page.Locator(".body > p");
        Assert.Equal(["Ferry crews stopped work at dawn.", "Talks resume on Monday."], await body.AllTextContentsAsync());
        var lead = page.Locator("article > .picture img");
        Assert.Equal(composed.LeadImage.AltText, await lead.GetAttributeAsync("alt"));
        Assert.Equal(composed.LeadImage.SrcsetJpeg, await lead.GetAttributeAsync("srcset"));
        Assert.Equal(composed.LeadImage.SrcsetWebp, await page.Locator("article > .picture source[type='image/webp']").GetAttributeAsync("srcset"));
        Assert.NotNull(await lead.GetAttributeAsync("width"));
        Assert.NotNull(await lead.GetAttributeAsync("height"));
        Assert.StartsWith("FILE - ", composed.LeadImage.Caption);
        Assert.Equal(composed.LeadImage.Caption, await page.Locator("article > .picture .caption").TextContentAsync());
        Assert.Equal(composed.LeadImage.Credit, await page.Locator("article > .picture .credit").TextContentAsync());
        // The body's photo, in its place between the paragraphs.
        Assert.Equal(composed.BodyImages.Single().AltText, await page.Locator(".body .picture img").GetAttributeAsync("alt"));

        var byline = page.Locator(".byline.person");
        Assert.Equal("Ines Calder", await byline.GetByRole(AriaRole.Link).TextContentAsync());
        Assert.Equal("/en/authors/ines-calder", await byline.GetByRole(AriaRole.Link).GetAttributeAsync("href"));
        Assert.Equal("Harbour correspondent", await byline.Locator(".title").TextContentAsync());
        Assert.Equal(composed.Attribution, await page.Locator(".attribution").TextContentAsync());
        Assert.Contains("Northwire", composed.Attribution);

        var published = page.Locator(".times time").First;
        Assert.Equal(ToSecond(article.FirstPublishTime), DateTimeOffset.Parse(await published.GetAttributeAsync("datetime") ?? "", System.Globalization.CultureInfo.InvariantCulture));

        // The other language versions: a visible switcher and hreflang alternates, each in its own language.
        foreach (var version in composed.Translations)
        {
            var link = page.Locator($".languages a[hreflang='{version.LanguageCode}']");
            Assert.Equal(version.Headline, await link.TextContentAsync());
            Assert.Equal(version.LanguageCode, await link.Locator("..").GetAttributeAsync("lang"));
            Assert.Equal($"{WebMesh.PublicUrl}/{version.LanguageCode}/world/{version.Slug}", await page.Locator($"link[rel=alternate][hreflang='{version.LanguageCode}']").GetAttributeAsync("href"));
        }
        Assert.Contains(composed.Translations, t => t.LanguageCode == "ar");

        // What search engines and social sites read.
        var canonical = WebMesh.PublicUrl + PathOf(article);
        Assert.Equal(canonical, await page.Locator("link[rel=canonical]").GetAttributeAsync("href"));
        Assert.Equal(article.Headline, await page.Locator("meta[property='og:title']").GetAttributeAsync("content"));
        Assert.Equal("article", await page.Locator("meta[property='og:type']").GetAttributeAsync("content"));
        Assert.Equal("summary_large_image", await page.Locator("meta[name='twitter:card']").GetAttributeAsync("content"));
        Assert.StartsWith(WebMesh.PublicUrl + "/media/", await page.Locator("meta[property='og:image']").GetAttributeAsync("content"));
        using var data = JsonDocument.Parse(await page.Locator("script[type='application/ld+json']").TextContentAsync() ?? "");
        var json = data.RootElement;
        Assert.Equal("NewsArticle", json.GetProperty("@type").GetString());
        Assert.Equal(article.Headline, json.GetProperty("headline").GetString());
        Assert.Equal(canonical, json.GetProperty("mainEntityOfPage").GetString());
        Assert.Equal("Ines Calder", json.GetProperty("author")[0].GetProperty("name").GetString());
        Assert.Equal("NewsMesh", json.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal(ToSecond(article.FirstPublishTime), json.GetProperty("datePublished").GetDateTimeOffset());
        Assert.True(json.GetProperty("dateModified").GetDateTimeOffset() >= json.GetProperty("datePublished").GetDateTimeOffset());
        Assert.NotEmpty(json.GetProperty("image").EnumerateArray());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(360, 800)]
    [InlineData(1440, 1000)]
    public async Task LeadImage_Loads_InARenditionThatFitsTheViewport(int width, int height)
    {
        var page = await web.PageAsync(width, height);
        var images = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.ResourceType == "image")
            {
                lock (images)
                {
                    images.Add(request.Url);
                }
            }
        };

        await page.GotoAsync(PathOf(web.Mesh.English), new() { WaitUntil = WaitUntilState.Load });

        var lead = page.Locator("article > .picture img");
        Assert.True(await lead.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the lead image did not load");
        var chosen = await lead.EvaluateAsync<string>("img => img.currentSrc");
        // WebP is offered first, and chromium takes it.
        Assert.EndsWith(".webp", new Uri(chosen).AbsolutePath);
        var size = Path.GetFileNameWithoutExtension(new Uri(chosen).AbsolutePath);
        if (width <= 400)
        {
            Assert.True(size is "xs" or "sm", $"a {width} px viewport got the {size} rendition");
            lock (images)
            {
                Assert.DoesNotContain(images, url => new Uri(url).AbsolutePath.Contains("/lg.", StringComparison.Ordinal));
            }
        }
        else
        {
            Assert.True(size is "md" or "lg", $"a {width} px viewport got the {size} rendition");
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FirstTab_LandsOnTheSkipLink_AndFollowingItMovesFocusToTheMainContent()
    {
        var page = await web.PageAsync();
        await page.GotoAsync(PathOf(web.Mesh.English));

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to main content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        Assert.True(await page.EvaluateAsync<bool>("() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.width > 0; }"), "the focused skip link is not visible");
        await page.Keyboard.PressAsync("Enter");

        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        // The next Tab goes on from the main content, not from the top of the page.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('main').contains(document.activeElement)"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ArabicVersion_IsRightToLeft_AndTheSitesOwnWordsAreInArabic()
    {
        var page = await web.PageAsync();
        await page.GotoAsync(PathOf(web.Arabic));

        Assert.Equal("ar", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("rtl", await page.Locator("html").GetAttributeAsync("dir"));
        Assert.Equal(web.Arabic.Headline, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Equal("انتقل إلى المحتوى الرئيسي", await page.Locator(".skip-links a").First.TextContentAsync());
        // The organisation's byline, with its bio in the page's language.
        var desk = page.Locator(".byline.organisation");
        Assert.Contains("Harbour Desk", await desk.TextContentAsync());
        Assert.Equal(web.Desk.ShortBio["ar"], await desk.Locator(".bio").TextContentAsync());
        Assert.Null(await desk.Locator(".bio").GetAttributeAsync("lang"));
        // The English version is listed in English, left to right.
        var english = page.Locator(".languages a[hreflang='en']").Locator("..");
        Assert.Equal("en", await english.GetAttributeAsync("lang"));
        Assert.Equal("ltr", await english.GetAttributeAsync("dir"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task HostileContent_IsShownAsText_NeverRunOrParsedAsMarkup()
    {
        var page = await web.PageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };
        var response = await page.GotoAsync(PathOf(web.Hostile));

        Assert.Equal(200, response!.Status);
        Assert.Equal(WebMesh.HostileHeadline, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Equal(WebMesh.HostileHeadline + " | NewsMesh", await page.TitleAsync());
        Assert.Equal(0, dialogs);
        // The only script element is the JSON-LD data block; the only images are none (the story has no photo).
        Assert.Equal(["application/ld+json"], await page.Locator("script").EvaluateAllAsync<string[]>("s => s.map(e => e.type)"));
        Assert.Equal(0, await page.Locator("img, iframe, q, h1 h1").CountAsync());

        // The allowed markup is markup, made again from a parse of it; what only looks like markup is text.
        var paragraph = page.Locator(".body > p").First;
        Assert.Equal("bold", await paragraph.Locator("strong").First.TextContentAsync());
        Assert.Equal("italic", await paragraph.Locator("em").First.TextContentAsync());
        Assert.Equal(1, await paragraph.Locator("br").CountAsync());
        var link = paragraph.GetByRole(AriaRole.Link);
        Assert.Equal("https://example.org/a?x=1&y=%22", await link.GetAttributeAsync("href"));
        Assert.Equal("nofollow noopener", await link.GetAttributeAsync("rel"));
        Assert.Contains("<script>alert(1)</script> & \"quoted\"", await paragraph.TextContentAsync());
        Assert.Equal("<h1>a heading</h1>", await page.Locator(".body h3").TextContentAsync());
        Assert.Equal("<q>quoted</q>", await page.Locator(".body blockquote").TextContentAsync());
        Assert.Equal("<iframe>watch</iframe>", await page.Locator(".embed a").TextContentAsync());
        Assert.Equal("<b>not bold</b> in a summary", await page.Locator(".article-header .summary").TextContentAsync());
        Assert.Contains("default-src 'self'", response.Headers["content-security-policy"]);
        await page.Context.CloseAsync();
    }
}
