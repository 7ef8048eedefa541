using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Local;
using NewsMesh.Processes;
using NewsMesh.Local.Seeding;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Bench;

/// <summary>One measured row of the report.</summary>
public sealed record ScenarioResult(string Name, string What, LoadResult Load, long PeakMemoryBytes)
{
    /// <summary>For a load that writes: how long its changes took from commit to a client watching the feed.</summary>
    public FeedLag? Feed { get; init; }

    /// <summary>For an interleaved row: each round's slice, in order (<see cref="Interleaved"/>).</summary>
    public IReadOnlyList<LoadResult>? Slices { get; init; }

    /// <summary>For an interleaved row: the CPU per request of the processes it serves through, median of the rounds.</summary>
    public IReadOnlyList<CpuCost> Cpu { get; init; } = [];
}

/// <summary>The time from a change's commit (its time in the feed) to its arrival at a watching client.</summary>
public sealed record FeedLag(int Changes, double P50Ms, double P99Ms);

/// <summary>
/// The article scenarios: interleaved in one run, the limit (pre-serialised bytes), a hot read served from memory, one
/// served by Redis alone, the list-sized limit and a cached section front; then a later (uncached) list page, what a
/// token costs, a mixed load of Zipf-distributed reads and updates, and cold reads from SQLite and from PostgreSQL.
/// </summary>
public sealed partial class Scenarios(BenchSettings settings, string dataDirectory, string redis)
{
    /// <summary>How many load scenarios <see cref="RunAsync"/> measures, for the progress count.</summary>
    public static int Count(BenchSettings settings) => 5 * Interleaved.Rounds + (settings.Postgres.Length > 0 ? 7 : 6);

    public const string HotAnonymous = "hot read, anonymous (interleaved)";
    public const string HotWithToken = "hot read, with a token (interleaved)";
    private const int TokenRounds = 4;

    public const string LimitByOurs = "limit, our generator";
    public const string ListLimit = "list limit";
    public const string SectionFront = "section front";
    public const string ListSection = "world";
    public const double ZipfExponent = 1.0;
    public const int UpdatesPerHundred = 5;

    private static readonly Method<GetArticleRequest, Article> LimitGetArticle = new(
        MethodType.Unary, "newsmesh.bench.v1.Limit", "GetArticle",
        Marshallers.Create<GetArticleRequest>(r => r.ToByteArray(), GetArticleRequest.Parser.ParseFrom),
        Marshallers.Create<Article>(a => a.ToByteArray(), Article.Parser.ParseFrom));

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync()
    {
        var results = new List<ScenarioResult>();
        string[] names;
        string[] published;

        await using (var service = await StartServiceAsync("article service (cache on)", new()))
        {
            (names, published) = await SeedAsync(service.Address);
            // Readers are anonymous: the hot article is a published one (a draft would be NOT_FOUND, which h2load
            // counts as an answer like any other).
            var hotRequest = new GetArticleRequest { Name = published[published.Length / 2] };
            var front = new ListArticlesRequest { Section = ListSection, LanguageCode = "en", State = Article.Types.State.Published, PageSize = 20 };
            // A replica on the same database and Redis, without the memory level: its hits are Redis hits.
            await using var redisOnly = await StartServiceAsync("article service (L1 off)", new() { ["Cache__MemoryEnabled"] = "false" });
            await using var limit = await StartLimitAsync(service.Address);
            // h2load counts HTTP statuses: prove every call it makes is answered, and the front is a full one.
            using var anonymousChannel = BearerChannels.ForAddress(service.Address, null);
            var firstPage = await new ArticleService.ArticleServiceClient(anonymousChannel).ListArticlesAsync(front);
            // A smoke run stores too few articles to fill a front; it only checks that every scenario runs.
            if (firstPage.Articles.Count == 0 || !settings.Smoke && (firstPage.Articles.Count != front.PageSize || firstPage.NextPageToken.Length == 0))
            {
                throw new InvalidOperationException($"the front of '{ListSection}' holds {firstPage.Articles.Count} articles, not a full page");
            }
            results.AddRange(await Interleaved.MeasureAsync(
            [
                new("limit", "pre-serialised bytes of the article from memory (bench/NewsMesh.Bench.Limit)", limit.Peak,
                    (warmup, duration) => H2Load(limit.Address, LimitGetArticle.FullName, hotRequest, null, duration, warmup)),
                new("hot read, memory hit", "GetArticle, L1 on, Redis on", service.Peak,
                    (warmup, duration) => H2Load(service.Address, GetArticlePath, hotRequest, null, duration, warmup)),
                new("hot read, Redis hit", "GetArticle, L1 off, Redis on: one GET of the article's bytes", redisOnly.Peak,
                    (warmup, duration) => H2Load(redisOnly.Address, GetArticlePath, hotRequest, null, duration, warmup)),
                new(ListLimit, "pre-serialised bytes of the same 20-article list from memory", limit.Peak,
                    (warmup, duration) => H2Load(limit.Address, LimitListArticles, front, null, duration, warmup)),
                new(SectionFront, $"ListArticles: the 20 newest published in '{ListSection}' (en), cached as a front", service.Peak,
                    (warmup, duration) => H2Load(service.Address, ListArticlesPath, front, null, duration, warmup)),
            ], Warmup, Slice));
            results.Add(await Progress.MeasureAsync(LimitByOurs, "the same calls from our generator, the reference of the rows it drives", limit.Peak, () =>
                Runner(limit.Address).RunAsync(channel => channel.CreateCallInvoker().AsyncUnaryCall(LimitGetArticle, null, default, hotRequest).ResponseAsync, Warmup, Duration)));
            var secondPage = front.Clone();
            secondPage.PageToken = firstPage.NextPageToken;
            results.Add(await Progress.MeasureAsync("list, second page", $"ListArticles: the next 20 in '{ListSection}' (en), with a page token: not cached, from SQLite", service.Peak, () =>
                H2Load(service.Address, ListArticlesPath, secondPage)));
            var (anonymous, withToken) = await TokenCostAsync(service, hotRequest);
            results.Add(anonymous);
            results.Add(withToken);
            results.Add(await MixedAsync(service, names));
        }

        await using (var service = await StartServiceAsync("article service (cache off, SQLite)", new() { ["Cache__Enabled"] = "false" }))
        {
            results.Add(await ColdAsync("cold read, SQLite", service, published));
        }

        if (settings.Postgres.Length > 0)
        {
            await using var service = await StartServiceAsync("article service (cache off, PostgreSQL)", new()
            {
                ["Cache__Enabled"] = "false",
                ["Storage__Provider"] = "Postgres",
                ["Storage__ConnectionString"] = DatabaseOfOurOwn(settings.Postgres),
            });
            results.Add(await ColdAsync("cold read, PostgreSQL", service, (await SeedAsync(service.Address)).Published));
        }
        else
        {
            Console.WriteLine("==> cold read, PostgreSQL: left out (no --Postgres; scripts/bench.sh starts one)");
        }
        return results;
    }

    /// <summary>
    /// What validating a bearer token costs a hot read: the same GetArticle without and with an editor's token, in
    /// alternating slices of one run, so that the machine's drift falls on both alike.
    /// </summary>
    private async Task<(ScenarioResult Anonymous, ScenarioResult WithToken)> TokenCostAsync(RunningService service, GetArticleRequest hot)
    {
        // h2load counts HTTP statuses, and a refused gRPC call is an HTTP 200: prove both calls succeed first.
        foreach (var token in new[] { null, BenchIdentity.Editor })
        {
            using var channel = BearerChannels.ForAddress(service.Address, token);
            await new ArticleService.ArticleServiceClient(channel).GetArticleAsync(hot);
        }
        var slice = TimeSpan.FromSeconds(Math.Max(1, settings.Duration / TokenRounds));
        var anonymous = new List<LoadResult>();
        var withToken = new List<LoadResult>();
        var what = $"GetArticle, L1 on, in {TokenRounds} alternating slices of {slice.TotalSeconds:0} s";
        var first = await Progress.MeasureAsync(HotAnonymous, what + " (no token)", service.Peak, async () =>
        {
            // The service is warm from the scenarios before; each slice is measured from its first call.
            for (var round = 0; round < TokenRounds; round++)
            {
                anonymous.Add(await H2Load(service.Address, GetArticlePath, hot, duration: slice, warmup: TimeSpan.Zero));
                withToken.Add(await H2Load(service.Address, GetArticlePath, hot, BenchIdentity.Editor, slice, TimeSpan.Zero));
            }
            return LoadResult.Merge(anonymous);
        });
        var second = await Progress.MeasureAsync(HotWithToken, what + " (an editor's ES256 token on every call)", service.Peak,
            () => Task.FromResult(LoadResult.Merge(withToken)));
        return (first, second);
    }

    private Task<ScenarioResult> ColdAsync(string name, RunningService service, string[] names) =>
        Progress.MeasureAsync(name, $"GetArticle, cache off, uniform over the {names.Length:N0} published articles", service.Peak, () =>
            Runner(service.Address).RunAsync(channel => new ArticleService.ArticleServiceClient(channel)
                .GetArticleAsync(new GetArticleRequest { Name = names[Random.Shared.Next(names.Length)] }).ResponseAsync, Warmup, Duration));

    /// <summary>
    /// Reads of articles drawn by Zipf rank (the ranks shuffled over the stored articles, so the popular ones are
    /// scattered through the table) and, one call in twenty, a headline update of one drawn the same way: each
    /// update evicts the article from both cache levels, so the next read of it goes to the database.
    /// </summary>
    private async Task<ScenarioResult> MixedAsync(RunningService service, string[] names)
    {
        var zipf = new Zipf(names.Length, ZipfExponent);
        var byRank = names.OrderBy(_ => Random.Shared.Next()).ToArray();
        var updates = 0L;
        var what = string.Create(CultureInfo.InvariantCulture,
            $"{100 - UpdatesPerHundred}% GetArticle, {UpdatesPerHundred}% UpdateArticle (headline), Zipf s={ZipfExponent} over {names.Length:N0} articles (top 1% = {zipf.ShareOfTop(names.Length / 100):P0} of calls), L1 and Redis on");
        // A client watching the feed through the load, as the gateway, the purger and the webhooks do.
        using var watching = new CancellationTokenSource();
        var lags = WatchLagAsync(service.Address, watching.Token);
        var result = await Progress.MeasureAsync("mixed reads and updates", what, service.Peak, () =>
            Runner(service.Address, BenchIdentity.Editor).RunAsync(channel =>
            {
                var client = new ArticleService.ArticleServiceClient(channel);
                var name = byRank[zipf.Next()];
                if (Random.Shared.Next(100) >= UpdatesPerHundred)
                {
                    return client.GetArticleAsync(new GetArticleRequest { Name = name }).ResponseAsync;
                }
                return client.UpdateArticleAsync(new UpdateArticleRequest
                {
                    Article = new Article { Name = name, Headline = $"Updated story {Interlocked.Increment(ref updates)}" },
                    UpdateMask = FieldMask.FromString("headline"),
                }).ResponseAsync;
            }, Warmup, Duration));
        await watching.CancelAsync();
        var sorted = (await lags).Order().ToArray();
        var feed = new FeedLag(sorted.Length, sorted.Length == 0 ? 0 : LoadRunner.Percentile(sorted, 0.50), sorted.Length == 0 ? 0 : LoadRunner.Percentile(sorted, 0.99));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    feed lag over {feed.Changes:N0} changes: p50 {feed.P50Ms:0.00} ms   p99 {feed.P99Ms:0.00} ms"));
        return result with { Feed = feed };
    }

    /// <summary>Watches the service's feed from now until <paramref name="stop"/>, and returns each change's lag in milliseconds.</summary>
    private static async Task<List<double>> WatchLagAsync(string address, CancellationToken stop)
    {
        var lags = new List<double>();
        using var channel = BearerChannels.ForAddress(address, BenchIdentity.Editor);
        using var watch = new ArticleService.ArticleServiceClient(channel).WatchChanges(new Contracts.Feed.V1.WatchChangesRequest(), cancellationToken: stop);
        try
        {
            while (await watch.ResponseStream.MoveNext(stop))
            {
                if (watch.ResponseStream.Current.Change is { } change)
                {
                    lags.Add((DateTimeOffset.UtcNow - change.Time.ToDateTimeOffset()).TotalMilliseconds);
                }
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
        }
        catch (OperationCanceledException)
        {
        }
        return lags;
    }

    private TimeSpan Warmup => TimeSpan.FromSeconds(settings.Warmup);
    private TimeSpan Duration => TimeSpan.FromSeconds(settings.Duration);
    private TimeSpan Slice => TimeSpan.FromSeconds(settings.Slice);

    private static readonly string GetArticlePath = $"/{ArticleService.Descriptor.FullName}/GetArticle";
    private static readonly string ListArticlesPath = $"/{ArticleService.Descriptor.FullName}/ListArticles";
    private const string LimitListArticles = "/newsmesh.bench.v1.Limit/ListArticles";

    /// <summary>Calls that are always the same come from h2load; those that vary (names drawn at random, updates) from our generator.</summary>
    private LoadRunner Runner(string address, string? token = null) => new(address, settings.Concurrency, settings.Connections, token);

    private Task<LoadResult> H2Load(
        string address, string path, IMessage request, string? token = null, TimeSpan? duration = null, TimeSpan? warmup = null) =>
        ExternalLoad.H2LoadGrpcAsync(address + path, request.ToByteArray(), settings.Concurrency, settings.Connections, warmup ?? Warmup,
            duration ?? Duration, token is null ? null : "Bearer " + token);

    /// <summary>
    /// Creates the articles from the sample content, each under its own slug and each round of copies in
    /// translation groups of its own, and publishes those the samples publish, a second apart, so lists have
    /// an order; returns their names, and those of the published ones.
    /// </summary>
    private async Task<(string[] All, string[] Published)> SeedAsync(string address)
    {
        Console.WriteLine($"==> storing {settings.Articles:N0} articles");
        var samples = SampleContentSeeder.LoadArticles();
        var now = DateTimeOffset.UtcNow;
        using var channel = BearerChannels.ForAddress(address, BenchIdentity.Editor);
        var client = new ArticleService.ArticleServiceClient(channel);
        var names = new string[settings.Articles];
        await Parallel.ForAsync(0, settings.Articles, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var sample = samples[i % samples.Count];
            var article = SampleContentSeeder.ToArticle(sample);
            article.Slug = $"{article.Slug}-{i}";
            // Each round of copies is a story of its own: a story has its few language versions, not hundreds.
            article.TranslationGroup = $"{article.TranslationGroup}-{i / samples.Count}";
            var created = await client.CreateArticleAsync(new CreateArticleRequest { Article = article }, cancellationToken: ct);
            if (sample.State == "published")
            {
                await client.PublishArticleAsync(new PublishArticleRequest
                {
                    Name = created.Name,
                    PublishTime = Timestamp.FromDateTimeOffset(now.AddSeconds(-i)),
                }, cancellationToken: ct);
            }
            names[i] = created.Name;
        });
        return (names, names.Where((_, i) => samples[i % samples.Count].State == "published").ToArray());
    }

    /// <summary>The connection string with a database of this run's own, which the service creates as it migrates.</summary>
    private static string DatabaseOfOurOwn(string connectionString) =>
        DatabaseSetting().Replace(connectionString, "").TrimEnd(';') + $";Database=newsmesh_bench_{Environment.ProcessId}";

    [GeneratedRegex(@"(?i)\bDatabase\s*=[^;]*;?")]
    private static partial Regex DatabaseSetting();

    private async Task<RunningService> StartServiceAsync(string label, Dictionary<string, string> environment)
    {
        environment["Cache__Redis"] = redis;
        var process = await BenchEnvironment.StartAsync("articles", "articles", dataDirectory, environment);
        return new RunningService(label, process, process.GrpcAddress);
    }

    /// <summary>The limit's own server, answering the bytes <paramref name="source"/> gives an anonymous reader.</summary>
    private async Task<RunningService> StartLimitAsync(string source)
    {
        var process = await BenchEnvironment.StartAsync("limit", "bench/NewsMesh.Bench.Limit", dataDirectory, new() { ["Limit__Source"] = source });
        return new RunningService("limit server", process, process.GrpcAddress);
    }

    private sealed record RunningService(string Label, MeshProcess Process, string Address) : IAsyncDisposable
    {
        public long Peak() => ProcessMemory.Peak(Process.ProcessId);

        public ValueTask DisposeAsync()
        {
            MemoryLedger.Record(Label, Process.ProcessId);
            return Process.DisposeAsync();
        }
    }
}
