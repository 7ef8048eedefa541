using System.Text.Json;

namespace NewsMesh.Bench;

/// <summary>The run's figures as JSON (<c>docs/benchmarks.json</c>), so that runs can be compared over time.</summary>
public static class BenchJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Of(BenchSettings settings, IReadOnlyList<ScenarioResult> rows, IReadOnlyList<TargetResult> targets) =>
        JsonSerializer.Serialize(new
        {
            madeAt = DateTimeOffset.UtcNow,
            machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, dotnet = Environment.Version.ToString() },
            settings = new { settings.Concurrency, settings.Connections, settings.Warmup, settings.Duration, settings.Slice, rounds = Interleaved.Rounds, settings.Articles },
            rows = rows.Select(r => new
            {
                r.Name,
                r.What,
                requestsPerSecond = Math.Round(r.Load.RequestsPerSecond, 2),
                p50Ms = Math.Round(r.Load.P50Ms, 3),
                p99Ms = Math.Round(r.Load.P99Ms, 3),
                r.Load.Errors,
                r.Load.Generator,
                generatorCpuShare = Math.Round(r.Load.ClientCpuShare, 3),
                peakMemoryMb = Math.Round(r.PeakMemoryBytes / 1048576.0, 1),
                rounds = r.Slices?.Select(l => new { requestsPerSecond = Math.Round(l.RequestsPerSecond, 2), p99Ms = Math.Round(l.P99Ms, 3) }),
                cpuMicrosPerRequest = r.Cpu.Count > 0 ? r.Cpu.ToDictionary(c => c.Process, c => Math.Round(c.MicrosPerRequest, 1)) : null,
            }),
            targets = targets.Select(t => new { t.Target, median = Math.Round(t.Median, 4), min = Math.Round(t.Min, 4), max = Math.Round(t.Max, 4), t.Bound, t.Met }),
        }, Options);
}
