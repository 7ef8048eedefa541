using System.Globalization;

namespace NewsMesh.Bench;

/// <summary>One load of an interleaving: its row's name and description, whose memory it reports, and how to run one slice.</summary>
public sealed record SliceLoad(string Name, string What, Func<long> PeakMemory, Func<TimeSpan, TimeSpan, Task<LoadResult>> Run);

/// <summary>
/// Loads whose figures form ratios, measured in alternating slices of one run (A B C, B C A, C A B): the machine's drift
/// falls on each alike, and each round gives one ratio, so a report can show the median of the rounds and their spread
/// rather than one figure that a noisy minute may have made.
/// </summary>
public static class Interleaved
{
    public const int Rounds = 3;

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
        for (var round = 0; round < Rounds; round++)
        {
            // Each round starts one load later (A B C, B C A, C A B), so that no load always follows the same one.
            for (var turn = 0; turn < loads.Count; turn++)
            {
                var i = (turn + round) % loads.Count;
                var load = loads[i];
                var result = await Progress.MeasureAsync($"{load.Name} (round {round + 1} of {Rounds})", load.What, load.PeakMemory,
                    () => load.Run(TimeSpan.FromSeconds(1), slice));
                slices[i].Add(result.Load);
                peaks[i] = Math.Max(peaks[i], result.PeakMemoryBytes);
            }
        }
        var what = string.Create(CultureInfo.InvariantCulture, $" (interleaved: {Rounds} rounds of {slice.TotalSeconds:0} s)");
        return loads.Select((load, i) => new ScenarioResult(load.Name, load.What + what, LoadResult.Merge(slices[i]), peaks[i]) { Slices = slices[i] }).ToList();
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
