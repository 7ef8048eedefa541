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
    public const int Count = (3 + 4 + 3 + 3) * Interleaved.Rounds + 2;

    public const string JsonByOurs = "JSON direct, our generator";

    public const string PageInterleaved = "page via gateway (interleaved)";
    public const string WebKept = "web article page, rendered page kept (interleaved)";
    public const string WebRendered = "web article page, rendered each time (interleaved)";

    public const string SettingsReference = "gRPC via gateway, as configured";

    /// <summary>The process names of the CPU-per-request figures (<see cref="ScenarioResult.Cpu"/>).</summary>
    public const string ServiceCpu = "service", ProxyCpu = "proxy";

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

            // The settings the gateway's path is run with, each against the other choice: replicas of the article
            // service on the same database, each behind a gateway of its own.
            var variants = new List<(string Name, string What, MeshProcess Gateway)>();
            foreach (var (key, label, what, environment, gatewayEnvironment) in SettingVariants())
            {
                var replica = await StartAsync(started, "articles-" + key, "articles", new(environment)
                {
                    ["Storage__DataDirectory"] = Path.Combine(dataDirectory, "articles"),
                    ["Cache__Redis"] = redis,
                    ["Articles__AuthorsAddress"] = Grpc(authors),
                    ["Articles__MediaAddress"] = Grpc(media),
                });
                var settingsOf = GatewaySettings();
                settingsOf["ReverseProxy__Clusters__articles__Destinations__primary__Address"] = Grpc(replica);
                foreach (var (setting, value) in gatewayEnvironment)
                {
                    settingsOf[setting] = value;
                }
                variants.Add(($"gRPC via gateway, {label}", what, await StartAsync(started, "gateway-" + key, "gateway", settingsOf)));
            }

            var results = new List<ScenarioResult>();
            await using (var nginx = await NginxProcess.StartAsync($"127.0.0.1:{articles.GrpcPort}", $"127.0.0.1:{articles.HttpPort}"))
            {
                // What each request costs the service and the proxy in front of it: with everything on the same
                // cores, that cost, not the proxy's speed alone, sets how close to direct a proxied read can come.
                CpuReader service = new(ServiceCpu, () => [articles.ProcessId]), viaGateway = new(ProxyCpu, () => [gateway.ProcessId]), viaNginx = new(ProxyCpu, nginx.ProcessIds);
                results.AddRange(await Interleaved.MeasureAsync(
                [
                    new("gRPC direct", "GetArticle on the article service (h2load)", PeakOf(articles), (w, d) => H2Load(Grpc(articles), request, w, d)) { Cpu = [service] },
                    new("gRPC via gateway", "GetArticle through the gateway (h2c in, h2c out; h2load)", PeakOf(gateway), (w, d) => H2Load(Grpc(gateway), request, w, d))
                        { Cpu = [service, viaGateway] },
                    new("gRPC via nginx", "GetArticle through nginx (grpc_pass, h2c in and out; h2load)", nginx.PeakMemory,
                        (w, d) => H2Load($"http://127.0.0.1:{nginx.GrpcPort}", request, w, d)) { Cpu = [service, viaNginx] },
                ], Warmup, Slice));
                results.AddRange(await Interleaved.MeasureAsync(
                [
                    new("JSON direct", "GET /v1/articles/{id} on the article service (HTTP/1.1, wrk)", PeakOf(articles), (w, d) => Wrk(Http(articles) + "/v1/" + name, w, d))
                        { Cpu = [service] },
                    new("JSON via gateway", "GET /v1/articles/{id} through the gateway (HTTP/1.1 in, h2c out; wrk)", PeakOf(gateway), (w, d) => Wrk(Http(gateway) + "/v1/" + name, w, d))
                        { Cpu = [service, viaGateway] },
                    new("JSON via nginx", "GET /v1/articles/{id} through nginx (HTTP/1.1 in and out, upstream keep-alive; wrk)", nginx.PeakMemory,
                        (w, d) => Wrk($"http://127.0.0.1:{nginx.HttpPort}/v1/{name}", w, d)) { Cpu = [service, viaNginx] },
                    new("page via gateway", "GET /v1/pages/articles/{slug}?lang=en with the page cache (the default: kept until the change feeds evict it; wrk)", PeakOf(gateway),
                        (w, d) => Wrk($"{Http(gateway)}/v1/pages/articles/{slug}?lang=en", w, d)),
                ], Warmup, Slice));
            }
            results.Add(await Progress.MeasureAsync(JsonByOurs, "the same GETs from our generator (HttpClient), to compare it with wrk", PeakOf(articles),
                () => Runner(Http(articles)).RunGetAsync("/v1/" + name, Warmup, Duration)));
            results.Add(await Progress.MeasureAsync("page composed each time", "the same with the page cache off: article, then authors, media, translations at once, per request (wrk)", PeakOf(uncached),
                () => Wrk($"{Http(uncached)}/v1/pages/articles/{slug}?lang=en", Warmup, Duration)));
            results.AddRange(await Interleaved.MeasureAsync(
            [
                new(SettingsReference, "GetArticle through the gateway as configured, beside the other choices (h2load)", PeakOf(gateway), (w, d) => H2Load(Grpc(gateway), request, w, d)),
                .. variants.Select(v => new SliceLoad(v.Name, v.What, PeakOf(v.Gateway), (w, d) => H2Load(Grpc(v.Gateway), request, w, d))),
            ], Warmup, Slice));
            string composed = $"/v1/pages/articles/{slug}?lang=en", page = $"/en/{section}/{slug}";
            results.AddRange(await Interleaved.MeasureAsync(
            [
                new(PageInterleaved, "GET " + composed + ", with the page cache (wrk)", PeakOf(gateway), (w, d) => Wrk(Http(gateway) + composed, w, d)),
                new(WebKept, "GET " + page + " on the web front: the rendered page answered again after the gateway's 304 (wrk)", PeakOf(web), (w, d) => Wrk(Http(web) + page, w, d)),
                new(WebRendered, "the same with Web:RenderedPages=0: the JSON read again after the 304, the page rendered (wrk)", PeakOf(rendering),
                    (w, d) => Wrk(Http(rendering) + page, w, d)),
            ], Warmup, Slice));
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
                    var variant when variant.StartsWith("articles-", StringComparison.Ordinal) => $"article service (behind the gateway, {variant["articles-".Length..]})",
                    var variant when variant.StartsWith("gateway-", StringComparison.Ordinal) => $"gateway ({variant["gateway-".Length..]})",
                    "authors" => "author service",
                    var service => service + " service (behind the gateway)",
                }, started[i].ProcessId);
                await started[i].DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The choices the gateway's path is measured against, each as the environment of a replica of the article service
    /// and that of a gateway in front of it: fewer streams per HTTP/2 connection (the gateway then opens several), and the
    /// thread pool's spinning before a worker sleeps (the runtime's default, against none).
    /// </summary>
    private static IEnumerable<(string Key, string Label, string What, Dictionary<string, string> Service, Dictionary<string, string> Gateway)> SettingVariants() =>
    [
        ("streams8", "8 streams per connection", "the same, the article service taking at most 8 streams per HTTP/2 connection (Endpoints:MaxStreamsPerConnection=8): the gateway opens 4 or more connections",
            new() { ["Endpoints__MaxStreamsPerConnection"] = "8" }, []),
        ("nospin", "thread-pool spinning off", "the same, the gateway and the article service with DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0",
            new() { ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0" }, new() { ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0" }),
    ];

    private TimeSpan Warmup => TimeSpan.FromSeconds(settings.Warmup);
    private TimeSpan Duration => TimeSpan.FromSeconds(settings.Duration);
    private TimeSpan Slice => TimeSpan.FromSeconds(settings.Slice);

    private LoadRunner Runner(string address) => new(address, settings.Concurrency, settings.Connections);

    /// <summary>
    /// The load comes from h2load (gRPC) and wrk (JSON): our generator costs the machine more per request than the
    /// servers it loads, which would flatter a slow path against a fast one.
    /// </summary>
    private Task<LoadResult> Wrk(string url, TimeSpan warmup, TimeSpan duration) => ExternalLoad.WrkAsync(url, settings.Concurrency, warmup, duration);

    private Task<LoadResult> H2Load(string address, GetArticleRequest request, TimeSpan warmup, TimeSpan duration) =>
        ExternalLoad.H2LoadGrpcAsync($"{address}/{ArticleService.Descriptor.FullName}/GetArticle", request.ToByteArray(),
            settings.Concurrency, settings.Connections, warmup, duration);

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
