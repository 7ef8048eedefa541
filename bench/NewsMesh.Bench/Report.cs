using System.Globalization;
using System.Text;

namespace NewsMesh.Bench;

/// <summary>The markdown report: the machine, the command, one table, and each target beside its measured figure.</summary>
public static class Report
{
    public static string Render(
        BenchSettings settings, IReadOnlyList<ScenarioResult> results, IReadOnlyList<ScenarioResult> gateway, IReadOnlyList<MediaFigure> media, string command)
    {
        var limit = results.Single(r => r.Name == "limit").Load;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"# Benchmarks");
        Line($"");
        Line($"Made by `{command}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Machine: {Environment.ProcessorCount} cores, {TotalMemoryGiB():0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
        Line($"The load generator runs on the same cores as the service (its CPU share is in the table), so absolute");
        Line($"figures say little; ratios to the limit, measured in the same run, are what the targets judge.");
        Line($"");
        Line($"![Requests/s and p99 of every load scenario]({Path.GetFileNameWithoutExtension(settings.Output)}.svg)");
        Line($"");
        Line($"Load: gRPC over loopback h2c, {settings.Concurrency} calls in flight over {settings.Connections} connections, {settings.Warmup} s warm-up, {settings.Duration} s measured per scenario; {settings.Articles:N0} articles stored (SQLite), real redis-server.");
        Line($"");
        Line($"| scenario | what | req/s | share of limit | p50 ms | p99 ms | p99 / limit p99 | errors | generator CPU | service peak memory |");
        Line($"|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var l = r.Load;
            Line($"| {r.Name} | {r.What} | {l.RequestsPerSecond:N0} | {l.RequestsPerSecond / limit.RequestsPerSecond:P0} | {l.P50Ms:0.00} | {l.P99Ms:0.00} | {l.P99Ms / limit.P99Ms:0.00}x | {l.Errors} | {l.ClientCpuShare:P0} | {r.PeakMemoryBytes / 1048576.0:0} MB |");
        }

        var memory = results.Single(r => r.Name == "hot read, memory hit").Load;
        var redis = results.Single(r => r.Name == "hot read, Redis hit").Load;
        Line($"");
        Line($"## Targets");
        Line($"");
        Line($"| target | measured | met |");
        Line($"|---|---:|---|");
        Target(text, "memory hit ≥ 80% of the limit's req/s", memory.RequestsPerSecond / limit.RequestsPerSecond, 0.80, higherIsBetter: true, percent: true);
        Target(text, "Redis hit ≥ 50% of the limit's req/s", redis.RequestsPerSecond / limit.RequestsPerSecond, 0.50, higherIsBetter: true, percent: true);
        Target(text, "memory hit p99 ≤ 1.5x the limit's p99", memory.P99Ms / limit.P99Ms, 1.5, higherIsBetter: false, percent: false);
        Line($"");
        Line($"What was measured, what was changed for it, and what limits each path: docs/decisions.md, \"Cache: measured\".");
        Line($"");
        Line($"## Gateway");
        Line($"");
        Line($"One published article (with its authors and lead photo) read through the article service directly, through the");
        Line($"gateway and through nginx (Debian's package, grpc_pass and proxy_pass with upstream keep-alive), in one run:");
        Line($"gRPC with {settings.Concurrency} calls in flight over {settings.Connections} HTTP/2 connections, JSON with {settings.Concurrency} HTTP/1.1 connections.");
        Line($"The proxies, the three services and the load generator share the cores.");
        Line($"");
        Line($"| scenario | what | req/s | p50 ms | p99 ms | errors | generator CPU | proxy or service peak memory |");
        Line($"|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in gateway)
        {
            var l = r.Load;
            Line($"| {r.Name} | {r.What} | {l.RequestsPerSecond:N0} | {l.P50Ms:0.00} | {l.P99Ms:0.00} | {l.Errors} | {l.ClientCpuShare:P0} | {r.PeakMemoryBytes / 1048576.0:0} MB |");
        }
        double Share(string via, string direct) =>
            gateway.Single(r => r.Name == via).Load.RequestsPerSecond / gateway.Single(r => r.Name == direct).Load.RequestsPerSecond;
        Line($"");
        Line($"| target | measured | met |");
        Line($"|---|---:|---|");
        Target(text, "gRPC through the gateway ≥ 40% of direct req/s", Share("gRPC via gateway", "gRPC direct"), 0.40, higherIsBetter: true, percent: true);
        Target(text, "JSON through the gateway ≥ 50% of direct req/s", Share("JSON via gateway", "JSON direct"), 0.50, higherIsBetter: true, percent: true);
        Target(text, "gRPC: the gateway ≥ 0.8x nginx's req/s", Share("gRPC via gateway", "gRPC via nginx"), 0.80, higherIsBetter: true, percent: false);
        Target(text, "JSON: the gateway ≥ 0.8x nginx's req/s", Share("JSON via gateway", "JSON via nginx"), 0.80, higherIsBetter: true, percent: false);
        Line($"");
        Line($"## Media");
        Line($"");
        Line($"The media service on SQLite, with its default of 2 decodes at a time; photos painted by the launcher's sample painter.");
        Line($"Ratios compare figures of this run.");
        Line($"");
        Line($"| figure | what | measured | ratio |");
        Line($"|---|---|---:|---|");
        foreach (var figure in media)
        {
            Line($"| {figure.Name} | {figure.What} | {figure.Value:0.0} {figure.Unit} | {figure.Ratio} |");
        }
        return text.ToString();
    }

    private static void Target(StringBuilder text, string target, double measured, double bound, bool higherIsBetter, bool percent)
    {
        var met = higherIsBetter ? measured >= bound : measured <= bound;
        var figure = percent ? measured.ToString("P0", CultureInfo.InvariantCulture) : measured.ToString("0.00", CultureInfo.InvariantCulture) + "x";
        text.AppendLine(CultureInfo.InvariantCulture, $"| {target} | {figure} | {(met ? "yes" : "no")} |");
    }

    private static double TotalMemoryGiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576;
    }
}
