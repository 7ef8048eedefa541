using System.Diagnostics;

namespace NewsMesh.Bench;

/// <summary>What one process (or group of processes) spent of the machine's CPU per request served in a slice.</summary>
public sealed record CpuCost(string Process, double MicrosPerRequest);

/// <summary>A process whose CPU a slice reads, by the ids it runs as (nginx: its master and its workers).</summary>
public sealed record CpuReader(string Process, Func<IEnumerable<int>> Ids)
{
    /// <summary>User and system time of all its processes so far.</summary>
    public TimeSpan Used() => Ids().Aggregate(TimeSpan.Zero, (total, id) => total + ProcessCpu.Used(id));
}

/// <summary>CPU time of a running process, from /proc (through <see cref="Process.TotalProcessorTime"/>).</summary>
public static class ProcessCpu
{
    public static TimeSpan Used(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            // A worker that exited between listing and reading took its time with it.
            return TimeSpan.Zero;
        }
    }
}
