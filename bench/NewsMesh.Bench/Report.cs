using System.Globalization;
using System.Text;

namespace NewsMesh.Bench;

/// <summary>The markdown report: the machine, the command, the tables, and each target beside its measured figure.</summary>
public static class Report
{
    public const int MemoryLimitMegabytes = 300;

    public static (string Markdown, IReadOnlyList<TargetResult> Targets) Render(
        BenchSettings settings, IReadOnlyList<ScenarioResult> articles, IReadOnlyList<ScenarioResult> gateway, MediaResults media, string command)
    {
        var text = new StringBuilder();
        var targets = new List<TargetResult>();
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
        Line($"Load: {settings.Concurrency} requests in flight. Rows whose figures form a ratio are measured interleaved: each warmed up for {settings.Warmup} s, then");
        Line($"{Interleaved.Rounds} rounds of {settings.Slice} s slices in turn, each round in a rotated order (A B C, B C A, C A B), and each ratio is judged by the median of its rounds, beside their spread.");
        Line($"Other rows: {settings.Warmup} s warm-up, then {settings.Duration} s measured. Requests that are always the");
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
            ["gRPC via gateway, 8 streams per connection"] = GatewayScenarios.SettingsReference,
            ["gRPC via gateway, thread-pool spinning off"] = GatewayScenarios.SettingsReference,
            [GatewayScenarios.SettingsReference] = "gRPC direct",
            [GatewayScenarios.PageInterleaved] = "JSON via gateway",
            [GatewayScenarios.WebKept] = GatewayScenarios.PageInterleaved, [GatewayScenarios.WebRendered] = GatewayScenarios.PageInterleaved,
        };
        double Reference(ScenarioResult r, Func<ScenarioResult, double> figure) =>
            direct.TryGetValue(r.Name, out var reference) ? figure(r) / figure(Row(reference)) : 1;
        Table(text, gateway, "share of direct (pages: of JSON via gateway; web pages: of the page they are built from)", r => Reference(r, s => s.Load.RequestsPerSecond),
            "p99 / same", r => Reference(r, s => s.Load.P99Ms), "proxy or service peak memory");
        Line($"");
        Line($"What a request cost in CPU (user and system time of each process over the requests of its slice, median of the rounds). All of it");
        Line($"runs on the same {Environment.ProcessorCount} cores, so a proxied read can come only as close to direct as the service's CPU per request is to the service's");
        Line($"and the proxy's together: the last column, an estimate that leaves out the load generator.");
        Line($"");
        Line($"| scenario | service, µs per request | proxy, µs per request | proxy / service | share of direct the CPU allows | share of direct measured |");
        Line($"|---|---:|---:|---:|---:|---:|");
        foreach (var row in gateway.Where(r => r.Cpu.Count > 0))
        {
            var directRow = Row(direct.TryGetValue(row.Name, out var name) ? name : row.Name);
            double Cost(ScenarioResult r, string process) => r.Cpu.FirstOrDefault(c => c.Process == process)?.MicrosPerRequest ?? 0;
            var (service, proxy) = (Cost(row, GatewayScenarios.ServiceCpu), Cost(row, GatewayScenarios.ProxyCpu));
            var allowed = Cost(directRow, GatewayScenarios.ServiceCpu) / (service + proxy);
            Line($"| {row.Name} | {service:0} | {(proxy > 0 ? proxy.ToString("0", CultureInfo.InvariantCulture) : "")} | {(proxy > 0 ? (proxy / service).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "")} | {allowed:P0} | {Reference(row, r => r.Load.RequestsPerSecond):P0} |");
        }

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
        Line($"Each ratio is taken round by round of its interleaving; the median decides, and the spread (lowest to highest round) shows how far one run can be trusted.");
        Line($"");
        Line($"| target | median | spread ({Interleaved.Rounds} rounds) | met |");
        Line($"|---|---:|---:|---|");
        void Judge(string target, Ratio ratio, double bound, bool higherIsBetter, bool percent, bool everyRound = false)
        {
            var result = TargetResult.Of(target, ratio, bound, higherIsBetter, everyRound);
            targets.Add(result);
            string Figure(double value) => percent ? value.ToString("P1", CultureInfo.InvariantCulture) : value.ToString("0.00", CultureInfo.InvariantCulture) + "x";
            Line($"| {target} | {Figure(ratio.Median)} | {Figure(ratio.Min)} – {Figure(ratio.Max)} | {(result.Met ? "yes" : "no")} |");
        }
        Ratio Rps(string of, string to) => Ratio.Of(Row(of), Row(to), l => l.RequestsPerSecond);
        Ratio Tail(string of, string to) => Ratio.Of(Row(of), Row(to), l => l.P99Ms);
        Judge("hot read, memory hit ≥ 90% of the limit's req/s", Rps("hot read, memory hit", "limit"), 0.90, true, true);
        Judge("hot read, memory hit: p99 ≤ 1.3x the limit's p99", Tail("hot read, memory hit", "limit"), 1.3, false, false);
        Judge("hot read, Redis hit ≥ 45% of the limit's req/s", Rps("hot read, Redis hit", "limit"), 0.45, true, true);
        Judge("cached section front ≥ 80% of the list-sized limit's req/s", Rps(Scenarios.SectionFront, Scenarios.ListLimit), 0.80, true, true);
        Judge("cached section front ≥ 25% of the article limit's req/s", Rps(Scenarios.SectionFront, "limit"), 0.25, true, true);
        Judge("gRPC through the gateway ≥ 40% of direct req/s", Rps("gRPC via gateway", "gRPC direct"), 0.40, true, true);
        Judge("JSON through the gateway ≥ 55% of direct req/s", Rps("JSON via gateway", "JSON direct"), 0.55, true, true);
        Judge("gRPC: the gateway ≥ 1.0x nginx's req/s, in the median and in every round", Rps("gRPC via gateway", "gRPC via nginx"), 1.0, true, false, everyRound: true);
        Judge("JSON: the gateway ≥ 1.0x nginx's req/s, in the median and in every round", Rps("JSON via gateway", "JSON via nginx"), 1.0, true, false, everyRound: true);
        Judge("composed page (feed-evicted cache) ≥ 90% of a hot read's req/s through the gateway (JSON)", Rps("page via gateway", "JSON via gateway"), 0.90, true, true);
        var largest = peaks.MaxBy(p => p.PeakBytes);
        var largestMb = largest.PeakBytes / 1048576.0;
        targets.Add(new TargetResult($"no process of the mesh over {MemoryLimitMegabytes} MB peak memory", largestMb, largestMb, largestMb, MemoryLimitMegabytes, largestMb <= MemoryLimitMegabytes));
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| no process of the mesh over {MemoryLimitMegabytes} MB peak memory | {largestMb:0} MB ({largest.Process}) | | {(largestMb <= MemoryLimitMegabytes ? "yes" : "no")} |");
        Line($"");
        Line($"The settings the gateway's path runs with, each against the other choice in one interleaving (not targets; the choice is the higher median):");
        Line($"");
        Line($"| choice | req/s against as configured, median | spread | p99 against as configured, median |");
        Line($"|---|---:|---:|---:|");
        foreach (var variant in gateway.Where(r => r.Name.StartsWith("gRPC via gateway, ", StringComparison.Ordinal) && r.Name != GatewayScenarios.SettingsReference))
        {
            var rate = Ratio.Of(variant, Row(GatewayScenarios.SettingsReference), l => l.RequestsPerSecond);
            var tail = Ratio.Of(variant, Row(GatewayScenarios.SettingsReference), l => l.P99Ms);
            Line($"| {variant.Name["gRPC via gateway, ".Length..]} | {rate.Median:0.00}x | {rate.Min:0.00}x – {rate.Max:0.00}x | {tail.Median:0.00}x |");
        }
        Line($"");
        var tokenCost = 1 - Rate(Scenarios.HotWithToken) / Rate(Scenarios.HotAnonymous);
        Line($"What a token costs, not a target: a hot read that carries an editor's token (validated: signature, issuer, audience, lifetime) gets {Rate(Scenarios.HotWithToken):N0} req/s against {Rate(Scenarios.HotAnonymous):N0} without, interleaved in one run: {tokenCost:P1} fewer; p99 {P99(Scenarios.HotWithToken):0.00} ms against {P99(Scenarios.HotAnonymous):0.00} ms.");
        Line($"");
        Line($"For reference, not a target: with the page cache off, the page's p99 is {Times(P99("page composed each time") / P99("JSON via gateway"))} a hot read's through the gateway.");
        Line($"A later list page (with a page token, not cached) serves {Rate("list, second page") / Rate(Scenarios.SectionFront):P0} of the cached front's requests per second.");
        Line($"The article page through the web front, not a target: with its rendered pages kept (revalidated with the gateway on every request) it serves {Rate(GatewayScenarios.WebKept) / Rate(GatewayScenarios.PageInterleaved):P0} of the requests per second of the composed page it is built from, rendering each time {Rate(GatewayScenarios.WebRendered) / Rate(GatewayScenarios.PageInterleaved):P0}; p99 {P99(GatewayScenarios.WebKept):0.00} ms and {P99(GatewayScenarios.WebRendered):0.00} ms against {P99(GatewayScenarios.PageInterleaved):0.00} ms, interleaved in one run.");
        if (Row("mixed reads and updates").Feed is { } feed)
        {
            Line($"");
            Line($"The change feed under the mixed load, not a target: a client watching the article service's feed got each of the {feed.Changes:N0} updates' changes {feed.P50Ms:0.0} ms after its commit at the median, {feed.P99Ms:0.0} ms at p99 (commit signal, one read per process, a buffer per watcher; `Feed:PollInterval`, 1 s, bounds it when a signal is lost).");
        }
        Line($"");
        Line($"What was measured, what was changed for it, and what limits each path where a target is missed: docs/decisions.md,");
        Line($"\"Cache: measured\", \"Benchmark: measured\" and \"Speed, round two\".");
        return (text.ToString(), targets);
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

    private static double TotalMemoryGiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576;
    }
}

/// <summary>One target as judged: the median ratio of its rounds, their spread, its bound and whether it was met.</summary>
public sealed record TargetResult(string Target, double Median, double Min, double Max, double Bound, bool Met)
{
    public static TargetResult Of(string target, Ratio ratio, double bound, bool higherIsBetter, bool everyRound)
    {
        var median = higherIsBetter ? ratio.Median >= bound : ratio.Median <= bound;
        var all = !everyRound || (higherIsBetter ? ratio.Min >= bound : ratio.Max <= bound);
        return new TargetResult(target, ratio.Median, ratio.Min, ratio.Max, bound, median && all);
    }
}
