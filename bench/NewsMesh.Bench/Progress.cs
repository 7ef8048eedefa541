using System.Diagnostics;
using System.Globalization;

namespace NewsMesh.Bench;

/// <summary>
/// What the run is doing: a numbered line per scenario with the time spent so far, and, on a terminal, a line
/// that counts the seconds and answers of the scenario being measured.
/// </summary>
public static class Progress
{
    private static readonly Stopwatch Run = Stopwatch.StartNew();
    private static int _total;
    private static int _done;

    public static void Start(int scenarios) => _total = scenarios;

    /// <summary>Measures one load scenario, printing it before and its figures after.</summary>
    public static async Task<ScenarioResult> MeasureAsync(string name, string what, Func<long> peakMemory, Func<Task<LoadResult>> run)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"==> [{++_done}/{_total}, {Run.Elapsed:m\\:ss} in] {name}: {what}"));
        var before = peakMemory();
        var load = await run();
        var peak = peakMemory();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {load.RequestsPerSecond,10:N0} req/s   p50 {load.P50Ms:0.00} ms   p99 {load.P99Ms:0.00} ms   errors {load.Errors}   generator {load.Generator}, CPU {load.ClientCpuShare:P0}   peak memory {before / 1048576.0:0} -> {peak / 1048576.0:0} MB"));
        if (load.FirstError is { } error)
        {
            Console.WriteLine("    first error: " + error);
        }
        return new ScenarioResult(name, what, load, peak);
    }

    /// <summary>Waits <paramref name="duration"/>, showing each second how far it is and how many answers came.</summary>
    public static async Task TickAsync(TimeSpan duration, Func<long> answers)
    {
        if (Console.IsOutputRedirected)
        {
            await Task.Delay(duration);
            return;
        }
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(1) < duration - clock.Elapsed ? TimeSpan.FromSeconds(1) : duration - clock.Elapsed);
            Console.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r    {clock.Elapsed.TotalSeconds:0} of {duration.TotalSeconds:0} s measured, {answers():N0} answers   "));
        }
        Console.Write('\r' + new string(' ', 60) + '\r');
    }
}
