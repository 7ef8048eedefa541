using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Local.Seeding;
using NewsMesh.Processes;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Bench;

/// <summary>What search costs, as figures printed with the run, and its query load.</summary>
public sealed record SearchResults(IReadOnlyList<ScenarioResult> Loads, IReadOnlyList<string> Figures);

/// <summary>
/// The search service over <c>--Articles</c> synthetic articles (made from the samples' words): how fast an empty
/// index builds from the article service's list, how fast a stopped one catches up through the feed, the rate and
/// latency of a Zipf mix of queries, and, under that load, the time from a publication's acknowledgement to the
/// first search that finds it.
/// </summary>
public sealed partial class SearchScenarios(BenchSettings settings, string dataDirectory, string redis)
{
    public const int Count = 1;
    private const int Writers = 8;
    private const int LagSamples = 40;

    public async Task<SearchResults> RunAsync()
    {
        var figures = new List<string>();
        await using var articles = await BenchEnvironment.StartAsync("search-articles", "articles", dataDirectory, new() { ["Cache__Redis"] = redis });
        using var channel = BearerChannels.ForAddress(articles.GrpcAddress, BenchIdentity.Editor);
        var client = new ArticleService.ArticleServiceClient(channel);
        var made = SyntheticArticles.Generate(SampleContentSeeder.LoadArticles(), settings.Articles + settings.Articles / 10);
        var first = made.Take(settings.Articles).ToList();
        var later = made.Skip(settings.Articles).ToList();
        Console.WriteLine($"==> storing {first.Count:N0} synthetic articles for search");
        await PublishAllAsync(client, first);

        var searchSettings = new Dictionary<string, string> { ["Search__ArticlesAddress"] = articles.GrpcAddress };
        var built = Stopwatch.StartNew();
        var search = await BenchEnvironment.StartAsync("search", "search", dataDirectory, new(searchSettings));
        using var searchChannel = BearerChannels.ForAddress(search.GrpcAddress, null);
        var reader = new SearchService.SearchServiceClient(searchChannel);
        await UntilFoundAsync(reader, first[^1]);
        figures.Add(Figure("index built from the list", first.Count, built.Elapsed));

        await search.DisposeAsync();
        await PublishAllAsync(client, later);
        var caughtUp = Stopwatch.StartNew();
        search = await BenchEnvironment.StartAsync("search", "search", dataDirectory, new(searchSettings));
        using var againChannel = BearerChannels.ForAddress(search.GrpcAddress, null);
        reader = new SearchService.SearchServiceClient(againChannel);
        await UntilFoundAsync(reader, later[^1]);
        figures.Add(Figure("caught up through the feed (a create and a publish each)", later.Count, caughtUp.Elapsed));
        var index = Path.Combine(dataDirectory, "search", "search-index");
        figures.Add(string.Create(CultureInfo.InvariantCulture,
            $"index on disk: {Directory.EnumerateFiles(index).Sum(f => new FileInfo(f).Length) / 1048576.0:0.0} MB for {made.Count:N0} articles"));

        var queries = Queries(made);
        var zipf = new Zipf(queries.Count, Scenarios.ZipfExponent);
        using var stop = new CancellationTokenSource();
        var lags = LagAsync(client, reader, stop.Token);
        var load = await Progress.MeasureAsync("search", string.Create(CultureInfo.InvariantCulture,
                $"SearchArticles, anonymous, Zipf s={Scenarios.ZipfExponent} over {queries.Count:N0} queries of one or two words, {made.Count:N0} articles"),
            () => ProcessMemory.Peak(search.ProcessId),
            () => new LoadRunner(search.GrpcAddress, settings.Concurrency, settings.Connections).RunAsync(
                c => new SearchService.SearchServiceClient(c).SearchArticlesAsync(new SearchArticlesRequest { Query = queries[zipf.Next()] }).ResponseAsync,
                TimeSpan.FromSeconds(settings.Warmup), TimeSpan.FromSeconds(settings.Duration)));
        await stop.CancelAsync();
        var sorted = (await lags).Order().ToArray();
        figures.Add(sorted.Length == 0
            ? "publication to search: no sample"
            : string.Create(CultureInfo.InvariantCulture,
                $"publication to search, under the query load: p50 {LoadRunner.Percentile(sorted, 0.5):0} ms   p99 {LoadRunner.Percentile(sorted, 0.99):0} ms over {sorted.Length} publications"));
        MemoryLedger.Record("search service", search.ProcessId);
        await search.DisposeAsync();
        foreach (var figure in figures)
        {
            Console.WriteLine("    " + figure);
        }
        return new SearchResults([load], figures);
    }

    private static string Figure(string what, int count, TimeSpan took) => string.Create(CultureInfo.InvariantCulture,
        $"{what}: {count:N0} articles in {took.TotalSeconds:0.0} s   {count / took.TotalSeconds:N0} articles/s");

    /// <summary>Creates and publishes <paramref name="made"/>, <see cref="Writers"/> at a time, each at its sample's time.</summary>
    private static async Task PublishAllAsync(ArticleService.ArticleServiceClient client, List<SampleArticle> made)
    {
        var next = -1;
        var now = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < made.Count; i = Interlocked.Increment(ref next))
            {
                var article = SampleContentSeeder.ToArticle(made[i]);
                article.Bylines.Clear();
                var draft = await client.CreateArticleAsync(new CreateArticleRequest { Article = article });
                await client.PublishArticleAsync(new PublishArticleRequest
                {
                    Name = draft.Name,
                    PublishTime = Timestamp.FromDateTimeOffset(now.AddHours(-made[i].Hours)),
                });
            }
        }));
    }

    /// <summary>Until the article is found by its headline: the feed is indexed in order, so all before it are too.</summary>
    private static async Task UntilFoundAsync(SearchService.SearchServiceClient reader, SampleArticle article)
    {
        var request = new SearchArticlesRequest { Query = $"\"{article.Headline}\"", LanguageCode = article.Language, PageSize = 50 };
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (!(await reader.SearchArticlesAsync(request)).Hits.Any(h => h.Slug == article.Slug))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The search service did not index {article.Slug} within 10 minutes.");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Queries of one or two words of the articles' headlines, the commonest words first (the Zipf ranks).</summary>
    private static List<string> Queries(IReadOnlyList<SampleArticle> made)
    {
        var words = made.SelectMany(a => Word().Matches(a.Headline).Select(m => m.Value.ToLowerInvariant())).Where(w => w.Length >= 4)
            .GroupBy(w => w, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).Take(1000).ToList();
        return [.. words.Select((w, i) => i % 2 == 0 || i + 1 >= words.Count ? w : w + " " + words[(i * 7 + 1) % words.Count])];
    }

    /// <summary>Publishes one article at a time with a word of its own and searches for it every 10 ms until found.</summary>
    private static async Task<List<double>> LagAsync(ArticleService.ArticleServiceClient client, SearchService.SearchServiceClient reader, CancellationToken stop)
    {
        var lags = new List<double>();
        try
        {
            while (lags.Count < LagSamples && !stop.IsCancellationRequested)
            {
                var word = "lag" + Guid.NewGuid().ToString("N")[..12];
                var draft = await client.CreateArticleAsync(new CreateArticleRequest
                {
                    Article = new Article { Slug = word, LanguageCode = "en", Section = "world", Headline = $"Timing story {word}" },
                }, cancellationToken: stop);
                await client.PublishArticleAsync(new PublishArticleRequest { Name = draft.Name }, cancellationToken: stop);
                var published = Stopwatch.StartNew();
                while ((await reader.SearchArticlesAsync(new SearchArticlesRequest { Query = word }, cancellationToken: stop)).TotalSize == 0)
                {
                    await Task.Delay(10, stop);
                }
                lags.Add(published.Elapsed.TotalMilliseconds);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled })
        {
        }
        return lags;
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
