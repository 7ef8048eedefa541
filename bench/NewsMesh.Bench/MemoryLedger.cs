namespace NewsMesh.Bench;

/// <summary>The highest peak resident memory each process of the run reached, by process, for the report's memory table.</summary>
public static class MemoryLedger
{
    public const string Generator = "load generator (this benchmark)";

    private static readonly Dictionary<string, long> Peaks = new(StringComparer.Ordinal);

    /// <summary>Notes the process's peak (VmHWM) now; call it before the process stops.</summary>
    public static void Record(string process, int pid) => Record(process, ProcessMemory.Peak(pid));

    public static void Record(string process, long peakBytes)
    {
        Console.WriteLine(FormattableString.Invariant($"    peak memory of {process}: {peakBytes / 1048576.0:0} MB"));
        lock (Peaks)
        {
            Peaks[process] = Math.Max(peakBytes, Peaks.GetValueOrDefault(process));
        }
    }

    public static IReadOnlyList<(string Process, long PeakBytes)> All()
    {
        lock (Peaks)
        {
            return [.. Peaks.Select(p => (p.Key, p.Value))];
        }
    }
}
