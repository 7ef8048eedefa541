using System.Globalization;

namespace NewsMesh.Bench;

/// <summary>Memory figures of a running process, from /proc/{pid}/status.</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident memory (VmHWM), in bytes.</summary>
    public static long Peak(int pid) => Read(pid, "VmHWM:");

    /// <summary>Resident memory now (VmRSS), in bytes.</summary>
    public static long Resident(int pid) => Read(pid, "VmRSS:");

    private static long Read(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
