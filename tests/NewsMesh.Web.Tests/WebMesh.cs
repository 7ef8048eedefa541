using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Playwright;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Processes;
using NewsMesh.Testing;

namespace NewsMesh.Web.Tests;

/// <summary>
/// The whole mesh with the web front in front of the gateway, and Debian's chromium to read it with. Besides the
/// gateway mesh's English and French story and its draft, it holds the same story in Arabic (right to left) with an
/// organisation's byline, a story carrying every markup the API accepts and text that looks like markup, a retracted
/// story, and one whose slug changed.
/// </summary>
public sealed class WebMesh : IAsyncLifetime
{
    /// <summary>Debian's package installs it here; the test script installs the package. Nothing is downloaded.</summary>
    public const string Chromium = "/usr/bin/chromium";

    public const string PublicUrl = "https://news.example";

    /// <summary>The headline of the hostile story: text a careless page would run as a script.</summary>
    public const string HostileHeadline = "<script>document.title='owned'</script> & <img src=x onerror=alert(1)>";

    /// <summary>Every markup a paragraph may have, and text that only looks like markup (written as entities).</summary>
    public const string HostileParagraph =
        "<b>bold</b> <strong>strong</strong> <i>italic</i> <em>emphasis</em><br>after a break " +
        "<a href=\"https://example.org/a?x=1&amp;y=%22\">a link</a> &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;";

    private GatewayMesh _mesh = null!;
    private ServiceProcess _web = null!;
    private IPlaywright _playwright = null!;

    public GatewayMesh Mesh => _mesh;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => $"http://127.0.0.1:{_web.HttpPort}";

    public Article Arabic { get; private set; } = null!;

    public Article Hostile { get; private set; } = null!;

    public Article Retracted { get; private set; } = null!;

    public Article Renamed { get; private set; } = null!;

    /// <summary>The slug <see cref="Renamed"/> had first.</summary>
    public const string OldSlug = "harbour-cranes-idle";

    public Author Desk { get; private set; } = null!;

    public ArticleService.ArticleServiceClient Editor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The web front passes on whose request it is; the gateway believes it from the loopback address it calls from.
        _mesh = await GatewayMesh.StartAsync("Gateway:TrustedProxies:0=127.0.0.1");
        _web = await ServiceProcess.StartAsync(Catalogue.Web, [
            .. Catalogue.CallSettings(Catalogue.Get(Catalogue.Web), _ => _mesh.Gateway.GrpcAddress).Select(s => $"{s.Key}={s.Value}"),
            "Web:PublicUrl=" + PublicUrl,
        ]);
        Editor = new ArticleService.ArticleServiceClient(_mesh.Articles.Channel);
        await SeedAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
    }

    /// <summary>A new browser page of <paramref name="width"/> by <paramref name="height"/> CSS pixels; the caller closes it.</summary>
    public async Task<IPage> PageAsync(int width = 1440, int height = 1000)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = BaseUrl });
        return await context.NewPageAsync();
    }

    /// <summary>A plain HTTP client of the web front, for headers, redirects and feeds.</summary>
    public HttpClient Http() => new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.None }) { BaseAddress = new Uri(BaseUrl) };

    private async Task SeedAsync()
    {
        var authors = new AuthorService.AuthorServiceClient(_mesh.Authors.Channel);
        Desk = await authors.CreateAuthorAsync(new CreateAuthorRequest
        {
            AuthorId = "harbour-desk",
            Author = new Author
            {
                Slug = "harbour-desk",
                Kind = Author.Types.Kind.Organization,
                DisplayName = "Harbour Desk",
                DefaultLanguageCode = "en",
                ShortBio = { ["en"] = "The Harbour Desk covers ports, shipping and the people who work on them.", ["ar"] = "يغطي مكتب الميناء الموانئ والشحن والعاملين فيها." },
            },
        });
        var english = _mesh.English;
        Arabic = await PublishedAsync(new Article
        {
            Slug = "idrab-tawaqim-al-abbarat",
            LanguageCode = "ar",
            TranslationGroup = english.TranslationGroup,
            Section = "world",
            Label = "عاجل",
            Headline = "إضراب طواقم العبارات بسبب جداول العمل",
            Summary = "توقف العاملون على العبارات عن العمل فجراً.",
            Dateline = "الميناء",
            Body =
            {
                new Block { Paragraph = new Paragraph { Text = "توقف طاقم العبارات عن العمل عند الفجر." } },
                new Block { Paragraph = new Paragraph { Text = "تستأنف المحادثات يوم الاثنين." } },
            },
            LeadMedia = new LeadMedia { Media = _mesh.Lead.Name, AspectRatio = "16x9" },
            Bylines = { new Byline { Author = Desk.Name, Role = Byline.Types.Role.Author } },
        });
        Hostile = await PublishedAsync(new Article
        {
            Slug = "markup-and-lookalikes",
            LanguageCode = "en",
            Section = "technology",
            Headline = HostileHeadline,
            Summary = "<b>not bold</b> in a summary",
            Body =
            {
                new Block { Paragraph = new Paragraph { Text = HostileParagraph } },
                new Block { Heading = new Heading { Text = "<h1>a heading</h1>", Level = 3 } },
                new Block { Quote = new Quote { Text = "<q>quoted</q>", Attribution = "<i>someone</i>" } },
                new Block { Embed = new Embed { Url = "https://video.example/watch?v=1&list=2", FallbackText = "<iframe>watch</iframe>" } },
            },
            Bylines = { new Byline { Author = Desk.Name, Role = Byline.Types.Role.Author } },
        });
        var retracting = await PublishedAsync(Plain("quay-collapse-claim", "Quay collapse claim"));
        Retracted = await Editor.RetractArticleAsync(new RetractArticleRequest { Name = retracting.Name, Reason = "The account of the collapse could not be verified." });
        var renaming = await PublishedAsync(Plain(OldSlug, "Harbour cranes stand idle"));
        Renamed = await Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = renaming.Name, Slug = "harbour-cranes-stand-idle" },
            UpdateMask = FieldMask.FromString("slug"),
        });
        await WaitShownAsync(Arabic.Slug, "ar");
        await WaitShownAsync(Renamed.Slug, "en");
    }

    private static Article Plain(string slug, string headline) => new()
    {
        Slug = slug,
        LanguageCode = "en",
        Section = "business",
        Headline = headline,
        Summary = headline + ", officials said.",
        Body = { new Block { Paragraph = new Paragraph { Text = "The port authority said work would resume." } } },
    };

    private async Task<Article> PublishedAsync(Article article)
    {
        var created = await Editor.CreateArticleAsync(new CreateArticleRequest { Article = article, RequestId = Guid.NewGuid().ToString() });
        return await Editor.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
    }

    /// <summary>A read racing a write may have cached the version before it for a second: the seed is ready when readers see it.</summary>
    private async Task WaitShownAsync(string slug, string lang)
    {
        using var http = Http();
        await RpcAssert.Eventually(async () =>
        {
            using var response = await http.GetAsync($"/{lang}/world/{slug}");
            return response.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.MovedPermanently;
        }, TimeSpan.FromSeconds(15), $"{slug} shown to readers");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }
        if (_mesh is not null)
        {
            await _mesh.DisposeAsync();
        }
    }
}

/// <summary>The test classes that share one <see cref="WebMesh"/>: starting it takes the mesh and a browser.</summary>
[CollectionDefinition(Name)]
public sealed class WebFront : ICollectionFixture<WebMesh>
{
    public const string Name = "web";
}
