using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsMesh.Bench;

/// <summary>
/// Debian's h2load (nghttp2, HTTP/2) and wrk (HTTP/1.1): load generators written in C that cost the machine less
/// per request than ours, so they drive every scenario whose request is always the same. Each runs on one thread,
/// under a shell that reports the CPU time its child used.
/// </summary>
public static partial class ExternalLoad
{
    public const string H2Load = "/usr/bin/h2load";
    public const string Wrk = "/usr/bin/wrk";

    /// <summary>
    /// gRPC unary calls with a fixed request message, <paramref name="streams"/> in flight over <paramref name="connections"/>
    /// connections. Percentiles come from h2load's per-request log. h2load counts HTTP statuses, not gRPC ones, so
    /// a scenario it drives must be one whose calls succeed (a fixed read of an article that exists).
    /// </summary>
    public static async Task<LoadResult> H2LoadGrpcAsync(
        string url, byte[] message, int streams, int connections, TimeSpan warmup, TimeSpan duration, string? authorization = null)
    {
        var body = Path.GetTempFileName();
        var log = Path.GetTempFileName();
        try
        {
            // gRPC's framing: no compression, a big-endian length, the message.
            var frame = new byte[5 + message.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), message.Length);
            message.CopyTo(frame, 5);
            await File.WriteAllBytesAsync(body, frame);
            var (output, cpu) = await RunAsync(H2Load,
            [
                "-t", "1", "-c", Invariant(connections), "-m", Invariant(streams / connections),
                "-D", Invariant((int)duration.TotalSeconds), "--warm-up-time", Invariant((int)warmup.TotalSeconds),
                "-d", body, "-H", "content-type: application/grpc", "-H", "te: trailers", "--log-file", log,
                .. (authorization is null ? Array.Empty<string>() : ["-H", "authorization: " + authorization]), url,
            ]);
            var done = H2LoadRequests().Match(output);
            var finished = H2LoadFinished().Match(output);
            if (!done.Success || !finished.Success)
            {
                throw new InvalidOperationException("h2load said:\n" + output);
            }
            var seconds = double.Parse(finished.Groups["seconds"].Value, CultureInfo.InvariantCulture);
            var latencies = MeasuredLatencies(await File.ReadAllLinesAsync(log), duration);
            return new LoadResult(long.Parse(done.Groups["succeeded"].Value, CultureInfo.InvariantCulture),
                long.Parse(done.Groups["failed"].Value, CultureInfo.InvariantCulture) + long.Parse(done.Groups["errored"].Value, CultureInfo.InvariantCulture),
                seconds, LoadRunner.Percentile(latencies, 0.50), LoadRunner.Percentile(latencies, 0.99), cpu / ((seconds + warmup.TotalSeconds) * Environment.ProcessorCount), "h2load");
        }
        finally
        {
            File.Delete(body);
            File.Delete(log);
        }
    }

    /// <summary>HTTP/1.1 GETs over <paramref name="connections"/> keep-alive connections, after a warm-up run.</summary>
    public static async Task<LoadResult> WrkAsync(string url, int connections, TimeSpan warmup, TimeSpan duration)
    {
        await RunAsync(Wrk, ["-t", "1", "-c", Invariant(connections), "-d", $"{(int)warmup.TotalSeconds}s", url]);
        var (output, cpu) = await RunAsync(Wrk, ["-t", "1", "-c", Invariant(connections), "-d", $"{(int)duration.TotalSeconds}s", "--latency", url]);
        var summary = WrkSummary().Match(output);
        if (!summary.Success)
        {
            throw new InvalidOperationException("wrk said:\n" + output);
        }
        var seconds = double.Parse(summary.Groups["seconds"].Value, CultureInfo.InvariantCulture);
        var errors = WrkNon2xx().Match(output) is { Success: true } non2xx ? long.Parse(non2xx.Groups["count"].Value, CultureInfo.InvariantCulture) : 0;
        return new LoadResult(long.Parse(summary.Groups["requests"].Value, CultureInfo.InvariantCulture) - errors, errors, seconds,
            WrkPercentile(output, "50"), WrkPercentile(output, "99"), cpu / (seconds * Environment.ProcessorCount), "wrk");
    }

    /// <summary>
    /// Latencies in ms of the calls that started in the measured window, from h2load's log: one line per request,
    /// its start (µs since the epoch), its HTTP status and its duration (µs), tab-separated.
    /// </summary>
    private static double[] MeasuredLatencies(string[] lines, TimeSpan duration)
    {
        var entries = lines.Select(l => l.Split('\t')).Where(f => f.Length >= 3 && f[1] == "200")
            .Select(f => (Start: long.Parse(f[0], CultureInfo.InvariantCulture), Micros: long.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToList();
        if (entries.Count == 0)
        {
            return [];
        }
        var from = entries.Max(e => e.Start) - (long)duration.TotalMicroseconds;
        var latencies = entries.Where(e => e.Start >= from).Select(e => e.Micros / 1000.0).ToArray();
        Array.Sort(latencies);
        return latencies;
    }

    private static double WrkPercentile(string wrkOutput, string percent)
    {
        var match = Regex.Match(wrkOutput, $@"^\s*{percent}(\.0+)?%\s+(?<value>[0-9.]+)(?<unit>us|ms|s)\s*$", RegexOptions.Multiline);
        return match.Success ? Milliseconds(match.Groups["value"].Value, match.Groups["unit"].Value) : double.NaN;
    }

    private static double Milliseconds(string value, string unit) =>
        double.Parse(value, CultureInfo.InvariantCulture) * unit switch { "us" => 0.001, "s" => 1000, _ => 1 };

    /// <summary>Runs the tool under bash and returns what it printed and the CPU seconds it used (bash's <c>times</c>).</summary>
    private static async Task<(string Output, double CpuSeconds)> RunAsync(string tool, string[] arguments)
    {
        if (!File.Exists(tool))
        {
            throw new InvalidOperationException($"{tool} is missing: scripts/bench.sh and scripts/test.sh install it from Debian.");
        }
        var start = new ProcessStartInfo("bash", ["-c", "\"$@\"; times", "load", tool, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var stdout = await output;
        // The last line of `times` is the children's user and system time, e.g. "0m1.250s 0m0.310s".
        var times = ChildTimes().Match(stdout);
        var cpu = times.Success
            ? times.Groups.Values.Skip(1).Chunk(2).Sum(t => int.Parse(t[0].Value, CultureInfo.InvariantCulture) * 60 + double.Parse(t[1].Value, CultureInfo.InvariantCulture))
            : double.NaN;
        return (stdout + await error, cpu);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, (?<succeeded>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored")]
    private static partial Regex H2LoadRequests();

    [GeneratedRegex(@"finished in (?<seconds>[0-9.]+)s")]
    private static partial Regex H2LoadFinished();

    [GeneratedRegex(@"(?<requests>\d+) requests in (?<seconds>[0-9.]+)s")]
    private static partial Regex WrkSummary();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<count>\d+)")]
    private static partial Regex WrkNon2xx();

    [GeneratedRegex(@"(\d+)m([0-9.]+)s (\d+)m([0-9.]+)s\s*$")]
    private static partial Regex ChildTimes();
}
