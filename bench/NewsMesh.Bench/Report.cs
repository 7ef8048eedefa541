using System.Globalization;
using System.Text;

namespace NewsMesh.Bench;

/// <summary>The markdown report: the machine, the command, the tables, and each target beside its measured figure.</summary>
public static class Report
{
    public const int MemoryLimitMegabytes = 300;

    public static string Render(
        BenchSettings settings, IReadOnlyList<ScenarioResult> articles, IReadOnlyList<ScenarioResult> gateway, MediaResults media, string command)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        ScenarioResult Row(string name) => articles.Concat(gateway).Concat(media.Loads).Single(r => r.Name == name);
        double Rate(string name) => Row(name).Load.RequestsPerSecond;
        double P99(string name) => Row(name).Load.P99Ms;
        var limit = Row("limit").Load;

        Line($"# Benchmarks");
        Line($"");
        Line($"Made by `{command}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Machine: {Environment.ProcessorCount} cores, {TotalMemoryGiB():0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
        Line($"Everything runs on these cores at once: the services, redis-server, nginx and the load generator, so");
        Line($"absolute figures say little. Each figure is judged as a ratio to the limit or to its direct counterpart,");
        Line($"measured in the same run. Release builds, SQLite unless said, a real redis-server on loopback.");
        Line($"");
        Line($"Load: {settings.Concurrency} requests in flight, {settings.Warmup} s warm-up, then {settings.Duration} s measured per scenario. Requests that are always the");
        Line($"same come from tools written in C, on one thread: h2load for gRPC ({settings.Connections} h2c connections) and wrk for JSON ({settings.Concurrency} HTTP/1.1");
        Line($"keep-alive connections). Requests that vary (names drawn at random, updates, uploads) come from our closed-loop generator");
        Line($"(bench/NewsMesh.Bench/LoadRunner.cs), which costs more per request; its rows are compared with the limit as it measures it.");
        Line($"The generator and its CPU share of the machine are in each row.");
        Line($"");
        Line($"![Requests/s and p99 of every load scenario]({Path.GetFileNameWithoutExtension(settings.Output)}.svg)");
        Line($"");

        Line($"## Article service");
        Line($"");
        Line($"{settings.Articles:N0} articles stored from the sample content (those the samples publish are published), in SQLite, and as many again in PostgreSQL for its cold read.");
        Line($"");
        // A row is compared with the limit as measured by the same generator.
        LoadResult LimitFor(ScenarioResult r) => r.Load.Generator == LoadRunner.Ours ? Row(Scenarios.LimitByOurs).Load : limit;
        Table(text, articles, "share of limit (same generator)", r => r.Load.RequestsPerSecond / LimitFor(r).RequestsPerSecond, "p99 / limit p99", r => r.Load.P99Ms / LimitFor(r).P99Ms, "service peak memory");

        Line($"");
        Line($"## Gateway and nginx");
        Line($"");
        Line($"One published article (with its authors and lead photo) read from the article service directly, through the gateway,");
        Line($"and through nginx (Debian's package: grpc_pass, and proxy_pass with upstream keep-alive) in front of the same process;");
        Line($"and its composed page through the gateway, with the page cache (the default) and without it; and the article page the web");
        Line($"front renders from that composed page, with its rendered pages kept and without.");
        Line($"");
        var direct = new Dictionary<string, string>
        {
            ["gRPC via gateway"] = "gRPC direct", ["gRPC via nginx"] = "gRPC direct",
            ["JSON via gateway"] = "JSON direct", ["JSON via nginx"] = "JSON direct", [GatewayScenarios.JsonByOurs] = "JSON direct",
            ["page via gateway"] = "JSON via gateway", ["page composed each time"] = "JSON via gateway",
            [GatewayScenarios.PageInterleaved] = "JSON via gateway",
            [GatewayScenarios.WebKept] = GatewayScenarios.PageInterleaved, [GatewayScenarios.WebRendered] = GatewayScenarios.PageInterleaved,
        };
        double Reference(ScenarioResult r, Func<ScenarioResult, double> figure) =>
            direct.TryGetValue(r.Name, out var reference) ? figure(r) / figure(Row(reference)) : 1;
        Table(text, gateway, "share of direct (pages: of JSON via gateway; web pages: of the page they are built from)", r => Reference(r, s => s.Load.RequestsPerSecond),
            "p99 / same", r => Reference(r, s => s.Load.P99Ms), "proxy or service peak memory");

        Line($"");
        Line($"## Media service");
        Line($"");
        Line($"The media service on SQLite with its default of {MediaScenarios.UploadConcurrency} decodes at a time; photos painted by the launcher's sample painter.");
        Line($"");
        Table(text, media.Loads, "share of limit", r => r.Load.RequestsPerSecond / LimitFor(r).RequestsPerSecond, "p99 / limit p99", r => r.Load.P99Ms / LimitFor(r).P99Ms, "service peak memory");
        Line($"");
        Line($"| figure | what | measured | ratio |");
        Line($"|---|---|---:|---|");
        foreach (var figure in media.Figures)
        {
            Line($"| {figure.Name} | {figure.What} | {figure.Value:0.0} {figure.Unit} | {figure.Ratio} |");
        }

        Line($"");
        Line($"## Peak memory by process");
        Line($"");
        Line($"Peak resident memory (VmHWM) of every process the run started, read just before it stopped; a label names the configuration it ran in.");
        Line($"");
        Line($"| process | peak | under {MemoryLimitMegabytes} MB |");
        Line($"|---|---:|---|");
        var all = MemoryLedger.All().OrderByDescending(p => p.PeakBytes).ToList();
        foreach (var (process, peak) in all)
        {
            var judged = process != MemoryLedger.Generator;
            Line($"| {process} | {peak / 1048576.0:0} MB | {(judged ? (peak / 1048576.0 <= MemoryLimitMegabytes ? "yes" : "no") : "not judged: the benchmark itself, which also paints the test photos")} |");
        }
        var peaks = all.Where(p => p.Process != MemoryLedger.Generator).ToList();

        Line($"");
        Line($"## Is the load generator the limit?");
        Line($"");
        Line($"Our generator against the C tools on the same scenario in the same run. Where ours gets less from the server, it is");
        Line($"itself a limit: that is why fixed requests come from the C tools, and why rows driven by ours are compared only with");
        Line($"the limit as ours measures it.");
        Line($"");
        Line($"| scenario | our generator | the other | ours / the other | our CPU share | the other's CPU share |");
        Line($"|---|---:|---:|---:|---:|---:|");
        void Check(string ours, string theirs, string tool)
        {
            var (a, b) = (Row(ours).Load, Row(theirs).Load);
            Line($"| {ours} vs {tool} | {a.RequestsPerSecond:N0} req/s | {b.RequestsPerSecond:N0} req/s | {a.RequestsPerSecond / b.RequestsPerSecond:0.00}x | {a.ClientCpuShare:P0} | {b.ClientCpuShare:P0} |");
        }
        Check(Scenarios.LimitByOurs, "limit", "h2load");
        Check(GatewayScenarios.JsonByOurs, "JSON direct", "wrk");

        Line($"");
        Line($"## Targets");
        Line($"");
        Line($"| target | measured | met |");
        Line($"|---|---:|---|");
        Target(text, "hot read, memory hit ≥ 80% of the limit's req/s", Rate("hot read, memory hit") / limit.RequestsPerSecond, 0.80, higherIsBetter: true, percent: true);
        Target(text, "hot read, Redis hit ≥ 50% of the limit's req/s", Rate("hot read, Redis hit") / limit.RequestsPerSecond, 0.50, higherIsBetter: true, percent: true);
        Target(text, "hot read, memory hit: p99 ≤ 1.5x the limit's p99", P99("hot read, memory hit") / limit.P99Ms, 1.5, higherIsBetter: false, percent: false);
        Target(text, "gRPC through the gateway ≥ 40% of direct req/s", Rate("gRPC via gateway") / Rate("gRPC direct"), 0.40, higherIsBetter: true, percent: true);
        Target(text, "JSON through the gateway ≥ 50% of direct req/s", Rate("JSON via gateway") / Rate("JSON direct"), 0.50, higherIsBetter: true, percent: true);
        Target(text, "gRPC: the gateway ≥ 0.8x nginx's req/s", Rate("gRPC via gateway") / Rate("gRPC via nginx"), 0.80, higherIsBetter: true, percent: false);
        Target(text, "JSON: the gateway ≥ 0.8x nginx's req/s", Rate("JSON via gateway") / Rate("JSON via nginx"), 0.80, higherIsBetter: true, percent: false);
        Target(text, "composed page p99 ≤ 3x a hot read's p99 through the gateway (JSON)", P99("page via gateway") / P99("JSON via gateway"), 3.0, higherIsBetter: false, percent: false);
        var largest = peaks.MaxBy(p => p.PeakBytes);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| no process of the mesh over {MemoryLimitMegabytes} MB peak memory | {largest.PeakBytes / 1048576.0:0} MB ({largest.Process}) | {(largest.PeakBytes / 1048576.0 <= MemoryLimitMegabytes ? "yes" : "no")} |");
        Line($"");
        var tokenCost = 1 - Rate(Scenarios.HotWithToken) / Rate(Scenarios.HotAnonymous);
        Line($"What a token costs, not a target: a hot read that carries an editor's token (validated: signature, issuer, audience, lifetime) gets {Rate(Scenarios.HotWithToken):N0} req/s against {Rate(Scenarios.HotAnonymous):N0} without, interleaved in one run: {tokenCost:P1} fewer; p99 {P99(Scenarios.HotWithToken):0.00} ms against {P99(Scenarios.HotAnonymous):0.00} ms.");
        Line($"");
        Line($"For reference, not a target: with the page cache off, the page's p99 is {Times(P99("page composed each time") / P99("JSON via gateway"))} a hot read's through the gateway.");
        Line($"The composed page from the gateway's page cache (kept until the change feeds evict it) serves {Rate("page via gateway") / Rate("JSON via gateway"):0.00}x the requests per second of a hot read through the gateway.");
        Line($"The article page through the web front, not a target: with its rendered pages kept (revalidated with the gateway on every request) it serves {Rate(GatewayScenarios.WebKept) / Rate(GatewayScenarios.PageInterleaved):P0} of the requests per second of the composed page it is built from, rendering each time {Rate(GatewayScenarios.WebRendered) / Rate(GatewayScenarios.PageInterleaved):P0}; p99 {P99(GatewayScenarios.WebKept):0.00} ms and {P99(GatewayScenarios.WebRendered):0.00} ms against {P99(GatewayScenarios.PageInterleaved):0.00} ms, interleaved in one run.");
        if (Row("mixed reads and updates").Feed is { } feed)
        {
            Line($"");
            Line($"The change feed under the mixed load, not a target: a client watching the article service's feed got each of the {feed.Changes:N0} updates' changes {feed.P50Ms:0.0} ms after its commit at the median, {feed.P99Ms:0.0} ms at p99 (commit signal, one read per process, a buffer per watcher; `Feed:PollInterval`, 1 s, bounds it when a signal is lost).");
        }
        Line($"");
        Line($"What was measured, what was changed for it, and what limits each path where a target is missed: docs/decisions.md,");
        Line($"\"Cache: measured\" and \"Benchmark: measured\".");
        return text.ToString();
    }

    private static void Table(StringBuilder text, IReadOnlyList<ScenarioResult> rows, string ratioName, Func<ScenarioResult, double> ratio,
        string p99RatioName, Func<ScenarioResult, double> p99Ratio, string memoryName)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"| scenario | what | req/s | {ratioName} | p50 ms | p99 ms | {p99RatioName} | errors | generator, CPU | {memoryName} |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            var l = r.Load;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.What} | {PerSecond(l.RequestsPerSecond)} | {Share(ratio(r))} | {Ms(l.P50Ms)} | {Ms(l.P99Ms)} | {Times(p99Ratio(r))} | {l.Errors} | {l.Generator}, {l.ClientCpuShare:P0} | {r.PeakMemoryBytes / 1048576.0:0} MB |");
        }
    }

    /// <summary>Slow scenarios (uploads) do about one a second, where a whole number would say too little.</summary>
    private static string PerSecond(double value) => value.ToString(value < 100 ? "0.00" : "N0", CultureInfo.InvariantCulture);

    private static string Share(double value) => double.IsNaN(value) ? "n/a" : value.ToString("P0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Times(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    private static void Target(StringBuilder text, string target, double measured, double bound, bool higherIsBetter, bool percent)
    {
        var met = higherIsBetter ? measured >= bound : measured <= bound;
        // One decimal, so that a figure just short of its bound does not read as the bound itself.
        var figure = percent ? measured.ToString("P1", CultureInfo.InvariantCulture) : measured.ToString("0.00", CultureInfo.InvariantCulture) + "x";
        text.AppendLine(CultureInfo.InvariantCulture, $"| {target} | {figure} | {(met ? "yes" : "no")} |");
    }

    private static double TotalMemoryGiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576;
    }
}
