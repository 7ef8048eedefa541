namespace NewsMesh.Bench;

/// <summary>Command-line settings: <c>--Duration=10 --Concurrency=32 --Articles=10000 --Smoke=true</c>.</summary>
public sealed class BenchSettings
{
    /// <summary>Seconds measured per scenario.</summary>
    public int Duration { get; set; } = 10;

    /// <summary>Seconds of each slice of an interleaved measurement (<see cref="Interleaved"/>).</summary>
    public int Slice { get; set; } = 5;

    /// <summary>
    /// Seconds of load before measuring (JIT tiering, caches, connection pools). Three left the first scenario
    /// after a process start measurably short of its steady state.
    /// </summary>
    public int Warmup { get; set; } = 5;

    /// <summary>Calls in flight at once.</summary>
    public int Concurrency { get; set; } = 32;

    /// <summary>HTTP/2 connections the calls share.</summary>
    public int Connections { get; set; } = 4;

    /// <summary>Articles stored before measuring.</summary>
    public int Articles { get; set; } = 10_000;

    /// <summary>A few seconds per scenario and few articles: checks that every scenario runs, judges nothing, writes no report.</summary>
    public bool Smoke { get; set; }

    /// <summary>
    /// A PostgreSQL server for the cold PostgreSQL read (an Npgsql connection string; the run makes a database of its
    /// own on it). The scripts start a throwaway one and pass it; without it that scenario is left out.
    /// </summary>
    public string Postgres { get; set; } = "";

    /// <summary>
    /// The groups to run, comma-separated (<c>articles</c>, <c>gateway</c>, <c>media</c>); all when empty. A partial run
    /// writes no report: its ratios would lack their references.
    /// </summary>
    public string Only { get; set; } = "";

    public bool Runs(string group) => Only.Length == 0 || Only.Split(',', StringSplitOptions.TrimEntries).Contains(group, StringComparer.OrdinalIgnoreCase);

    public bool RunsAll => Only.Length == 0;

    /// <summary>Where the report goes, relative to the repository root.</summary>
    public string Output { get; set; } = "docs/benchmarks.md";

    public BenchSettings Effective() => Smoke
        ? new BenchSettings { Duration = 2, Slice = 1, Warmup = 1, Concurrency = 8, Connections = 2, Articles = 200, Smoke = true, Only = Only, Postgres = Postgres, Output = Output }
        : this;
}
