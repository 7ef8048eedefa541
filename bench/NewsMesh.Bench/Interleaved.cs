using System.Globalization;

namespace NewsMesh.Bench;

/// <summary>
/// One load of an interleaving: its row's name and description, whose memory it reports, how to run one slice, and
/// the processes whose CPU per request each slice reads (none by default).
/// </summary>
public sealed record SliceLoad(string Name, string What, Func<long> PeakMemory, Func<TimeSpan, TimeSpan, Task<LoadResult>> Run)
{
    public IReadOnlyList<CpuReader> Cpu { get; init; } = [];
}

/// <summary>
/// Loads whose figures form ratios, measured in alternating slices of one run (A B C, B C A, C A B): the machine's drift
/// falls on each alike, and each round gives one ratio, so a report can show the median of the rounds and their spread
/// rather than one figure that a noisy minute may have made.
/// </summary>
public static class Interleaved
{
    public const int Rounds = 3;

    private static readonly TimeSpan SliceWarmup = TimeSpan.FromSeconds(1);

    /// <summary>Each load warmed up once, then <see cref="Rounds"/> rounds of each in turn; every row keeps its slices, in round order.</summary>
    public static async Task<IReadOnlyList<ScenarioResult>> MeasureAsync(IReadOnlyList<SliceLoad> loads, TimeSpan warmup, TimeSpan slice)
    {
        foreach (var load in loads)
        {
            Console.WriteLine($"    warming up: {load.Name}");
            await load.Run(TimeSpan.Zero, warmup);
        }
        var slices = loads.Select(_ => new List<LoadResult>()).ToArray();
        var peaks = new long[loads.Count];
        var costs = loads.Select(_ => new List<IReadOnlyList<CpuCost>>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            // Each round starts one load later (A B C, B C A, C A B), so that no load always follows the same one.
            for (var turn = 0; turn < loads.Count; turn++)
            {
                var i = (turn + round) % loads.Count;
                var load = loads[i];
                var before = load.Cpu.Select(p => p.Used()).ToList();
                var result = await Progress.MeasureAsync($"{load.Name} (round {round + 1} of {Rounds})", load.What, load.PeakMemory,
                    () => load.Run(SliceWarmup, slice));
                // The slice's warm-up is in the CPU time and not in the count: counted at the slice's own rate.
                var requests = result.Load.Requests * (result.Load.Seconds + SliceWarmup.TotalSeconds) / result.Load.Seconds;
                costs[i].Add(load.Cpu.Select((p, k) => new CpuCost(p.Process, (p.Used() - before[k]).TotalMicroseconds / requests)).ToList());
                slices[i].Add(result.Load);
                peaks[i] = Math.Max(peaks[i], result.PeakMemoryBytes);
            }
        }
        var what = string.Create(CultureInfo.InvariantCulture, $" (interleaved: {Rounds} rounds of {slice.TotalSeconds:0} s)");
        return loads.Select((load, i) => new ScenarioResult(load.Name, load.What + what, LoadResult.Merge(slices[i]), peaks[i])
        {
            Slices = slices[i],
            Cpu = load.Cpu.Select((p, k) => new CpuCost(p.Process, Median(costs[i].Select(c => c[k].MicrosPerRequest)))).ToList(),
        }).ToList();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}

/// <summary>A ratio of two interleaved rows: one per round, their median and their spread.</summary>
public sealed record Ratio(IReadOnlyList<double> PerRound)
{
    public double Median => PerRound.Order().ElementAt(PerRound.Count / 2);
    public double Min => PerRound.Min();
    public double Max => PerRound.Max();

    /// <summary><paramref name="figure"/> of <paramref name="of"/> over that of <paramref name="to"/>, round by round (rows measured alone count as one round).</summary>
    public static Ratio Of(ScenarioResult of, ScenarioResult to, Func<LoadResult, double> figure)
    {
        IReadOnlyList<LoadResult> a = of.Slices ?? [of.Load], b = to.Slices ?? [to.Load];
        return a.Count == b.Count
            ? new Ratio(a.Zip(b, (x, y) => figure(x) / figure(y)).ToList())
            : new Ratio([figure(of.Load) / figure(to.Load)]);
    }
}
