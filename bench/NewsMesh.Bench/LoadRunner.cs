using System.Diagnostics;
using Grpc.Net.Client;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Bench;

/// <summary>What one scenario measured.</summary>
public sealed record LoadResult(
    long Requests, long Errors, double Seconds, double P50Ms, double P99Ms, double ClientCpuShare, string Generator, string? FirstError = null)
{
    public double RequestsPerSecond => Requests / Seconds;

    /// <summary>Slices of one scenario as one result: counts added up, percentiles the slices' medians.</summary>
    public static LoadResult Merge(List<LoadResult> slices)
    {
        static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        return new LoadResult(slices.Sum(s => s.Requests), slices.Sum(s => s.Errors), slices.Sum(s => s.Seconds),
            Median(slices.Select(s => s.P50Ms)), Median(slices.Select(s => s.P99Ms)), slices.Average(s => s.ClientCpuShare),
            slices[0].Generator, slices.Select(s => s.FirstError).FirstOrDefault(e => e is not null));
    }
}

/// <summary>
/// A closed-loop load generator: <c>concurrency</c> callers, each sending its next call when the last one answers,
/// over <c>connections</c> HTTP/2 connections (gRPC) or a connection each (HTTP/1.1 GETs). Latencies are kept whole (no buckets) and
/// the generator's own CPU share is reported, so a reader can tell whether it, not the server, was the limit. With
/// a token, every gRPC call carries it.
/// </summary>
public sealed class LoadRunner(string address, int concurrency, int connections, string? token = null)
{
    public const string Ours = "ours";

    public async Task<LoadResult> RunAsync(Func<GrpcChannel, Task> call, TimeSpan warmup, TimeSpan duration)
    {
        var channels = Enumerable.Range(0, connections)
            .Select(_ => GrpcChannel.ForAddress(address, BearerChannels.With(new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false },
                MaxReceiveMessageSize = 4 * 1024 * 1024,
            }, token)))
            .ToArray();
        try
        {
            return await MeasureAsync(worker => call(channels[worker % connections]), warmup, duration);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>GETs of <paramref name="path"/> over HTTP/1.1, one connection per caller, as web clients load a site.</summary>
    public async Task<LoadResult> RunGetAsync(string path, TimeSpan warmup, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(address) };
        return await MeasureAsync(async _ =>
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            response.EnsureSuccessStatusCode();
        }, warmup, duration);
    }

    private async Task<LoadResult> MeasureAsync(Func<int, Task> call, TimeSpan warmup, TimeSpan duration)
    {
        var measuring = false;
        var stop = false;
        var latencies = new List<long>[concurrency];
        var errors = new long[concurrency];
        string? firstError = null;
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<long>(64 * 1024);
            while (!Volatile.Read(ref stop))
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call(worker);
                    if (Volatile.Read(ref measuring))
                    {
                        mine.Add(Stopwatch.GetTimestamp() - started);
                    }
                }
                catch (Exception e) when (e is Grpc.Core.RpcException or HttpRequestException)
                {
                    if (Volatile.Read(ref measuring))
                    {
                        errors[worker]++;
                        Interlocked.CompareExchange(ref firstError, e.Message, null);
                    }
                }
            }
        })).ToArray();

        await Task.Delay(warmup);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        // Each worker's list is read while it grows; good enough for a progress count.
        await Progress.TickAsync(duration, () => latencies.Sum(l => (long)(l?.Count ?? 0)));
        Volatile.Write(ref measuring, false);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(workers);

        var all = latencies.SelectMany(l => l).Select(ticks => ticks * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(all);
        return new LoadResult(all.Length, errors.Sum(), seconds, Percentile(all, 0.50), Percentile(all, 0.99),
            cpu / (seconds * Environment.ProcessorCount), Ours, firstError);
    }

    /// <summary>The <paramref name="p"/> quantile of latencies in ms, sorted; NaN when there are none.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
