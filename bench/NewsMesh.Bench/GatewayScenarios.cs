using System.Globalization;
using Google.Protobuf;
using Grpc.Net.Client;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Processes;
using NewsMesh.Local.Seeding;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Bench;

/// <summary>
/// The same hot article read straight from the article service, through the gateway and through nginx (the proxy
/// a user would otherwise pick), by gRPC and by JSON, and the composed page; all in one run, against the same
/// processes, so the ratios compare like with like.
/// </summary>
public sealed class GatewayScenarios(BenchSettings settings, string dataDirectory, string redis)
{
    /// <summary>How many load scenarios <see cref="RunAsync"/> measures, for the progress count.</summary>
    public const int Count = 12;

    public const string JsonByOurs = "JSON direct, our generator";

    public const string PageInterleaved = "page via gateway (interleaved)";
    public const string WebKept = "web article page, rendered page kept (interleaved)";
    public const string WebRendered = "web article page, rendered each time (interleaved)";

    /// <summary>How many alternating slices the web front's three figures are measured in.</summary>
    private const int WebRounds = 4;

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync()
    {
        var started = new List<MeshProcess>();
        try
        {
            var authors = await StartAsync(started, "authors", "authors", []);
            var media = await StartAsync(started, "media", "media", []);
            var articles = await StartAsync(started, "articles", "articles", new()
            {
                ["Cache__Redis"] = redis,
                ["Articles__AuthorsAddress"] = Grpc(authors),
                ["Articles__MediaAddress"] = Grpc(media),
            });
            Dictionary<string, string> GatewaySettings() => new()
            {
                ["ReverseProxy__Clusters__authors__Destinations__primary__Address"] = Grpc(authors),
                ["ReverseProxy__Clusters__media__Destinations__primary__Address"] = Grpc(media),
                ["ReverseProxy__Clusters__articles__Destinations__primary__Address"] = Grpc(articles),
                // The benchmark starts no webhook or search service behind the gateway; probing their absence would only fill the log.
                ["ReverseProxy__Clusters__webhooks__HealthCheck__Active__Enabled"] = "false",
                ["ReverseProxy__Clusters__search__HealthCheck__Active__Enabled"] = "false",
                // The load comes from one address; the per-client limit would measure itself.
                ["Gateway__RateLimitPerSecond"] = "1000000",
                ["Gateway__RateLimitBurst"] = "1000000",
                ["Gateway__WriteRateLimitPerSecond"] = "1000000",
                ["Gateway__WriteRateLimitBurst"] = "1000000",
            };
            var gateway = await StartAsync(started, "gateway", "gateway", GatewaySettings());
            var composing = GatewaySettings();
            composing["Gateway__PageCacheDuration"] = "00:00:00";
            var uncached = await StartAsync(started, "gateway-uncached", "gateway", composing);

            var web = await StartAsync(started, "web", "web", new() { ["Web__GatewayAddress"] = Grpc(gateway) });
            var rendering = await StartAsync(started, "web-rendering", "web", new() { ["Web__GatewayAddress"] = Grpc(gateway), ["Web__RenderedPages"] = "0" });

            var (name, slug, section) = await SeedAsync(authors, media, articles);
            var request = new GetArticleRequest { Name = name };

            var results = new List<ScenarioResult>
            {
                await Progress.MeasureAsync("gRPC direct", "GetArticle on the article service (h2load)", PeakOf(articles),
                    () => H2Load(Grpc(articles), request)),
                await Progress.MeasureAsync("gRPC via gateway", "GetArticle through the gateway (h2c in, h2c out; h2load)", PeakOf(gateway),
                    () => H2Load(Grpc(gateway), request)),
                await Progress.MeasureAsync("JSON direct", "GET /v1/articles/{id} on the article service (HTTP/1.1, wrk)", PeakOf(articles),
                    () => Wrk(Http(articles) + "/v1/" + name)),
                await Progress.MeasureAsync(JsonByOurs, "the same GETs from our generator (HttpClient), to compare it with wrk", PeakOf(articles),
                    () => Runner(Http(articles)).RunGetAsync("/v1/" + name, Warmup, Duration)),
                await Progress.MeasureAsync("JSON via gateway", "GET /v1/articles/{id} through the gateway (HTTP/1.1 in, h2c out; wrk)", PeakOf(gateway),
                    () => Wrk(Http(gateway) + "/v1/" + name)),
                await Progress.MeasureAsync("page via gateway", "GET /v1/pages/articles/{slug}?lang=en with the page cache (Gateway:PageCacheDuration=60 s, the default, evicted by the change feeds; wrk)", PeakOf(gateway),
                    () => Wrk($"{Http(gateway)}/v1/pages/articles/{slug}?lang=en")),
                await Progress.MeasureAsync("page composed each time", "the same with the page cache off: article, then authors, media, translations at once, per request (wrk)", PeakOf(uncached),
                    () => Wrk($"{Http(uncached)}/v1/pages/articles/{slug}?lang=en")),
            };
            await using (var nginx = await NginxProcess.StartAsync($"127.0.0.1:{articles.GrpcPort}", $"127.0.0.1:{articles.HttpPort}"))
            {
                results.Add(await Progress.MeasureAsync("gRPC via nginx", "GetArticle through nginx (grpc_pass, h2c in and out; h2load)", nginx.PeakMemory,
                    () => H2Load($"http://127.0.0.1:{nginx.GrpcPort}", request)));
                results.Add(await Progress.MeasureAsync("JSON via nginx", "GET /v1/articles/{id} through nginx (HTTP/1.1 in and out, upstream keep-alive; wrk)", nginx.PeakMemory,
                    () => Wrk($"http://127.0.0.1:{nginx.HttpPort}/v1/{name}")));
            }
            results.AddRange(await WebPageAsync(gateway, web, rendering, $"/en/{section}/{slug}", $"/v1/pages/articles/{slug}?lang=en"));
            return results;
        }
        finally
        {
            for (var i = started.Count - 1; i >= 0; i--)
            {
                MemoryLedger.Record(started[i].Name switch
                {
                    "gateway" => "gateway (page cache on)",
                    "gateway-uncached" => "gateway (page cache off)",
                    "web" => "web front (rendered pages kept)",
                    "web-rendering" => "web front (rendering each time)",
                    "articles" => "article service (behind the gateway)",
                    "authors" => "author service",
                    var service => service + " service (behind the gateway)",
                }, started[i].ProcessId);
                await started[i].DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The article page through the web front, whose rendered pages are kept (each revalidated with the gateway on every
    /// request) or rendered every time, and the composed page it is built from, through the gateway: in alternating
    /// slices of one run, so the machine's drift falls on all three alike.
    /// </summary>
    private async Task<IReadOnlyList<ScenarioResult>> WebPageAsync(MeshProcess gateway, MeshProcess kept, MeshProcess rendering, string page, string composed)
    {
        var slice = TimeSpan.FromSeconds(Math.Max(1, settings.Duration / WebRounds));
        var slices = new[] { new List<LoadResult>(), new List<LoadResult>(), new List<LoadResult>() };
        string[] urls = [Http(gateway) + composed, Http(kept) + page, Http(rendering) + page];
        var what = $"in {WebRounds} alternating slices of {slice.TotalSeconds:0} s (wrk)";
        var first = await Progress.MeasureAsync(PageInterleaved, "GET " + composed + ", with the page cache, " + what, PeakOf(gateway), async () =>
        {
            for (var i = 0; i < urls.Length; i++)
            {
                // Each process warms up once; each slice is measured from its first request.
                await ExternalLoad.WrkAsync(urls[i], settings.Concurrency, TimeSpan.Zero, Warmup);
            }
            for (var round = 0; round < WebRounds; round++)
            {
                for (var i = 0; i < urls.Length; i++)
                {
                    slices[i].Add(await ExternalLoad.WrkAsync(urls[i], settings.Concurrency, TimeSpan.Zero, slice));
                }
            }
            return LoadResult.Merge(slices[0]);
        });
        var second = await Progress.MeasureAsync(WebKept, "GET " + page + " on the web front: the rendered page answered again after the gateway's 304, " + what, PeakOf(kept),
            () => Task.FromResult(LoadResult.Merge(slices[1])));
        var third = await Progress.MeasureAsync(WebRendered, "the same with Web:RenderedPages=0: the JSON read again after the 304, the page rendered, " + what, PeakOf(rendering),
            () => Task.FromResult(LoadResult.Merge(slices[2])));
        return [first, second, third];
    }

    private TimeSpan Warmup => TimeSpan.FromSeconds(settings.Warmup);
    private TimeSpan Duration => TimeSpan.FromSeconds(settings.Duration);

    private LoadRunner Runner(string address) => new(address, settings.Concurrency, settings.Connections);

    /// <summary>
    /// The load comes from h2load (gRPC) and wrk (JSON): our generator costs the machine more per request than the
    /// servers it loads, which would flatter a slow path against a fast one.
    /// </summary>
    private Task<LoadResult> Wrk(string url) => ExternalLoad.WrkAsync(url, settings.Concurrency, Warmup, Duration);

    private Task<LoadResult> H2Load(string address, GetArticleRequest request) =>
        ExternalLoad.H2LoadGrpcAsync($"{address}/{ArticleService.Descriptor.FullName}/GetArticle", request.ToByteArray(),
            settings.Concurrency, settings.Connections, Warmup, Duration);

    private static Func<long> PeakOf(MeshProcess process) => () => ProcessMemory.Peak(process.ProcessId);

    private static string Grpc(MeshProcess process) => process.GrpcAddress;

    private static string Http(MeshProcess process) => $"http://127.0.0.1:{process.HttpPort}";

    private async Task<MeshProcess> StartAsync(List<MeshProcess> started, string name, string project, Dictionary<string, string> environment)
    {
        var process = await BenchEnvironment.StartAsync(name, project, dataDirectory, environment);
        started.Add(process);
        return process;
    }

    /// <summary>One published sample story with its bylines' authors and a lead photo; returns its name, slug and section.</summary>
    private static async Task<(string Name, string Slug, string Section)> SeedAsync(MeshProcess authors, MeshProcess media, MeshProcess articles)
    {
        var sample = SampleContentSeeder.LoadArticles().First(a => a.Language == "en" && a.State == "published");
        using (var channel = BearerChannels.ForAddress(Grpc(authors), BenchIdentity.Editor))
        {
            var client = new AuthorService.AuthorServiceClient(channel);
            foreach (var byline in sample.Bylines.Select(b => b.Author).Distinct())
            {
                var author = SampleContentSeeder.LoadAuthors().Single(a => a.Key == byline);
                await client.CreateAuthorAsync(new CreateAuthorRequest { AuthorId = author.Key, Author = SampleContentSeeder.ToAuthor(author) });
            }
        }
        var photo = SampleContentSeeder.LoadPhotos()[0];
        string lead;
        using (var channel = BearerChannels.ForAddress(Grpc(media), BenchIdentity.Editor))
        {
            lead = (await MediaUploads.SendAsync(new MediaService.MediaServiceClient(channel), new UploadMetadata
            {
                ContentType = "image/jpeg",
                Media = new Contracts.Media.V1.Media { Caption = photo.Caption, Credit = photo.Credit, AltText = photo.AltText },
            }, PhotoPainter.PaintJpeg(photo), CancellationToken.None)).Name;
        }
        using (var channel = BearerChannels.ForAddress(Grpc(articles), BenchIdentity.Editor))
        {
            var client = new ArticleService.ArticleServiceClient(channel);
            var article = SampleContentSeeder.ToArticle(sample);
            article.LeadMedia = new LeadMedia { Media = lead, AspectRatio = "16x9" };
            var created = await client.CreateArticleAsync(new CreateArticleRequest { Article = article });
            await client.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
            return (created.Name, created.Slug, created.Section);
        }
    }
}
