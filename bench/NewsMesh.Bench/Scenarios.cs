using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Google.Protobuf;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Local;
using NewsMesh.Local.Processes;
using NewsMesh.Local.Seeding;

namespace NewsMesh.Bench;

/// <summary>One measured row of the report.</summary>
public sealed record ScenarioResult(string Name, string What, LoadResult Load, long PeakMemoryBytes);

/// <summary>
/// The article-read scenarios, each against the article service started for it: the limit (pre-serialised bytes),
/// a hot read served from memory, a hot read served by Redis alone, and cold reads from SQLite.
/// </summary>
public sealed class Scenarios(BenchSettings settings, string dataDirectory, string redis)
{
    private static readonly Method<GetArticleRequest, Article> BaselineGetArticle = new(
        MethodType.Unary, "newsmesh.bench.v1.Baseline", "GetArticle",
        Marshallers.Create<GetArticleRequest>(r => r.ToByteArray(), GetArticleRequest.Parser.ParseFrom),
        Marshallers.Create<Article>(a => a.ToByteArray(), Article.Parser.ParseFrom));

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync()
    {
        var results = new List<ScenarioResult>();
        string[] names;
        string hot;

        await using (var service = await StartServiceAsync(new()))
        {
            names = await SeedAsync(service.Address);
            hot = names[names.Length / 2];
            var load = Runner(service.Address);
            var hotRequest = new GetArticleRequest { Name = hot };
            results.Add(await MeasureAsync("limit", "pre-serialised bytes from memory (Bench:Baseline)", service, () =>
                load.RunAsync(channel => channel.CreateCallInvoker().AsyncUnaryCall(BaselineGetArticle, null, default, hotRequest).ResponseAsync, Warmup, Duration)));
            results.Add(await MeasureAsync("hot read, memory hit", "GetArticle, L1 on, Redis on", service, () =>
                load.RunAsync(channel => new ArticleService.ArticleServiceClient(channel).GetArticleAsync(hotRequest).ResponseAsync, Warmup, Duration)));
        }

        await using (var service = await StartServiceAsync(new() { ["Cache__MemoryEnabled"] = "false" }))
        {
            var hotRequest = new GetArticleRequest { Name = hot };
            results.Add(await MeasureAsync("hot read, Redis hit", "GetArticle, L1 off, Redis on", service, () =>
                Runner(service.Address).RunAsync(channel => new ArticleService.ArticleServiceClient(channel).GetArticleAsync(hotRequest).ResponseAsync, Warmup, Duration)));
        }

        await using (var service = await StartServiceAsync(new() { ["Cache__Enabled"] = "false" }))
        {
            results.Add(await MeasureAsync("cold read, SQLite", $"GetArticle, cache off, uniform over {names.Length} articles", service, () =>
                Runner(service.Address).RunAsync(channel => new ArticleService.ArticleServiceClient(channel)
                    .GetArticleAsync(new GetArticleRequest { Name = names[Random.Shared.Next(names.Length)] }).ResponseAsync, Warmup, Duration)));
        }
        return results;
    }

    private TimeSpan Warmup => TimeSpan.FromSeconds(settings.Warmup);
    private TimeSpan Duration => TimeSpan.FromSeconds(settings.Duration);

    private LoadRunner Runner(string address) => new(address, settings.Concurrency, settings.Connections);

    private static async Task<ScenarioResult> MeasureAsync(string name, string what, RunningService service, Func<Task<LoadResult>> run)
    {
        Console.WriteLine($"==> {name}: {what}");
        var load = await run();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {load.RequestsPerSecond,10:N0} req/s   p50 {load.P50Ms:0.00} ms   p99 {load.P99Ms:0.00} ms   errors {load.Errors}   load generator CPU {load.ClientCpuShare:P0}"));
        return new ScenarioResult(name, what, load, ProcessMemory.Peak(service.Process.ProcessId));
    }

    /// <summary>Creates the articles from the sample content, each under its own slug; returns their names.</summary>
    private async Task<string[]> SeedAsync(string address)
    {
        Console.WriteLine($"==> storing {settings.Articles} articles");
        var samples = SampleContentSeeder.LoadArticles();
        using var channel = GrpcChannel.ForAddress(address);
        var client = new ArticleService.ArticleServiceClient(channel);
        var names = new string[settings.Articles];
        await Parallel.ForAsync(0, settings.Articles, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var article = SampleContentSeeder.ToArticle(samples[i % samples.Count]);
            article.Slug = $"{article.Slug}-{i}";
            var created = await client.CreateArticleAsync(new CreateArticleRequest { Article = article }, cancellationToken: ct);
            names[i] = created.Name;
        });
        return names;
    }

    private async Task<RunningService> StartServiceAsync(Dictionary<string, string> environment)
    {
        int grpc = Ports.Free(), http = Ports.Free();
        environment["Cache__Redis"] = redis;
        environment["Bench__Baseline"] = "true";
        environment["Logging__LogLevel__Default"] = "Warning";
        var process = ServiceProcess.Start(new MeshService("articles", "NewsMesh.Articles", grpc, http), "127.0.0.1", dataDirectory, environment);
        await process.WaitUntilReadyAsync("127.0.0.1", TimeSpan.FromSeconds(60), CancellationToken.None);
        return new RunningService(process, $"http://127.0.0.1:{grpc}");
    }

    private sealed record RunningService(ServiceProcess Process, string Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
