using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Processes;
using NewsMesh.Local.Seeding;
using NewsMesh.ServiceDefaults.Identity;
using SkiaSharp;

namespace NewsMesh.Bench;

/// <summary>One measured figure of the media service, with the reference it is compared to.</summary>
public sealed record MediaFigure(string Name, string What, double Value, string Unit, string Ratio);

/// <summary>The media service's load scenarios and its single figures.</summary>
public sealed record MediaResults(IReadOnlyList<ScenarioResult> Loads, IReadOnlyList<MediaFigure> Figures);

/// <summary>
/// What images cost the media service: making every rendition of a 2400x1600 JPEG (cold, then again from disk,
/// then all at once), against one full decode of the same JPEG; and the service's peak memory while 8 uploads
/// run at once. Each memory figure comes from a service process of its own, so peaks do not carry over. Under
/// load: a made rendition fetched again and again, and uploads that each ask for all their renditions.
/// </summary>
public sealed class MediaScenarios(BenchSettings settings, string dataDirectory)
{
    private const int ConcurrentUploads = 8;

    /// <summary>How many load scenarios <see cref="RunAsync"/> measures, for the progress count.</summary>
    public const int Count = 2;

    /// <summary>Uploads in flight in the upload scenario: as many as the service decodes at once.</summary>
    public const int UploadConcurrency = 2;

    public async Task<MediaResults> RunAsync()
    {
        var photos = SampleContentSeeder.LoadPhotos();
        var rounds = settings.Smoke ? 1 : 3;
        var jpegs = photos.Take(rounds + 1 + ConcurrentUploads).Select(PhotoPainter.PaintJpeg).ToList();
        var figures = new List<MediaFigure>();
        var loads = new List<ScenarioResult>();

        var decode = Median(Enumerable.Range(0, 5).Select(_ => Time(() => DecodeFully(jpegs[0]))));
        figures.Add(new("decode once", "one full decode of the 2400x1600 JPEG, in the benchmark's process", decode, "ms", "1x (reference)"));

        await using (var service = await StartAsync("renditions", "renditions and uploads"))
        {
            var client = new MediaService.MediaServiceClient(service.Channel);
            using var http = new HttpClient { BaseAddress = new Uri(service.HttpAddress) };
            var cold = new List<double>();
            var warm = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var media = await UploadAsync(client, jpegs[round], round);
                cold.Add(await Time(() => FetchAllAsync(http, media, concurrently: false)));
                warm.Add(await Time(() => FetchAllAsync(http, media, concurrently: false)));
            }
            var parallel = await UploadAsync(client, jpegs[rounds], rounds);
            var together = await Time(() => FetchAllAsync(http, parallel, concurrently: true));
            var count = parallel.Renditions.Count;

            figures.Add(new("all renditions, cold", $"{count} renditions (4 aspects x 4 sizes x JPEG/WebP) fetched one after another, none made yet; median of {rounds}",
                Median(cold), "ms", $"{Median(cold) / decode:0.0}x a decode"));
            figures.Add(new("one rendition, cold", "the same, per rendition", Median(cold) / count, "ms", $"{Median(cold) / count / decode:0.00}x a decode"));
            figures.Add(new("all renditions, cold, at once", $"{count} requests in flight together (Media:MaxConcurrentDecodes=2)",
                together, "ms", $"{together / Median(cold):0.00}x one after another"));
            figures.Add(new("all renditions, made", "the same URLs again: files from disk", Median(warm), "ms", $"{Median(warm) / Median(cold):P1} of cold"));

            var made = parallel.Renditions.Single(r => r.AspectRatio == "16x9" && r.Size == "MD" && r.ContentType == "image/webp");
            loads.Add(await Progress.MeasureAsync("rendition, made", $"GET of one made rendition (16x9 MD WebP, {made.Width}x{made.Height}) from the media service, HTTP/1.1 (wrk)", service.Peak, () =>
                ExternalLoad.WrkAsync(service.HttpAddress + made.Uri, settings.Concurrency, Warmup, Duration)));
            var uploaded = 0;
            loads.Add(await Progress.MeasureAsync("upload, all renditions", $"upload of a new 2400x1600 JPEG, then its {count} renditions asked for at once; {UploadConcurrency} in flight (one per decode slot); req/s = photos/s", service.Peak, () =>
                new LoadRunner(service.GrpcAddress, UploadConcurrency, 1, BenchIdentity.Editor).RunAsync(async channel =>
                {
                    var media = await UploadAsync(new MediaService.MediaServiceClient(channel), Distinct(jpegs[0], Interlocked.Increment(ref uploaded)), 1000);
                    await FetchAllAsync(http, media, concurrently: true);
                }, Warmup, UploadDuration)));
        }

        var uploads = jpegs.Skip(rounds + 1).Take(settings.Smoke ? 2 : ConcurrentUploads).ToList();
        figures.AddRange(await UploadMemoryAsync("2400x1600 JPEG", uploads));
        var pngs = uploads.Select(j => Reencode(j, 3000, 2000, SKEncodedImageFormat.Png)).ToList();
        figures.AddRange(await UploadMemoryAsync("3000x2000 PNG (decoded at full size)", pngs));
        return new MediaResults(loads, figures);
    }

    private TimeSpan Warmup => TimeSpan.FromSeconds(settings.Warmup);
    private TimeSpan Duration => TimeSpan.FromSeconds(settings.Duration);

    // Each photo takes seconds; a shorter window would count none.
    private TimeSpan UploadDuration => TimeSpan.FromSeconds(Math.Max(settings.Duration, 10));

    /// <summary>The same picture as other bytes (a JPEG comment after the start marker), so it is a new original with no renditions yet.</summary>
    private static byte[] Distinct(byte[] jpeg, int n)
    {
        var comment = System.Text.Encoding.ASCII.GetBytes($"benchmark upload {n}");
        var segment = new byte[4 + comment.Length];
        segment[0] = 0xFF;
        segment[1] = 0xFE;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + comment.Length));
        comment.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    private async Task<IEnumerable<MediaFigure>> UploadMemoryAsync(string kind, List<byte[]> images)
    {
        await using var service = await StartAsync("memory-" + images[0].Length.ToString(CultureInfo.InvariantCulture), $"{images.Count} uploads of {kind} at once");
        var client = new MediaService.MediaServiceClient(service.Channel);
        // One upload first, so the baseline includes what the first call loads (JIT, Skia, EF Core).
        await UploadAsync(client, Reencode(images[0], 640, 427, SKEncodedImageFormat.Jpeg), 100);
        var idle = ProcessMemory.Resident(service.Process.ProcessId);
        var elapsed = await Time(() => Task.WhenAll(images.Select((bytes, i) => UploadAsync(client, bytes, 200 + i))));
        var peak = ProcessMemory.Peak(service.Process.ProcessId);
        var megabytes = images.Sum(i => (long)i.Length) / 1048576.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {images.Count} x {kind} ({megabytes:0.0} MB in all) at once: {elapsed:0} ms, peak {peak / 1048576.0:0} MB, idle {idle / 1048576.0:0} MB"));
        return
        [
            new($"peak memory, {images.Count} uploads at once", $"{images.Count} x {kind}, {megabytes:0.0} MB sent in all; service peak resident memory (VmHWM)",
                peak / 1048576.0, "MB", $"{(double)peak / idle:0.00}x idle ({idle / 1048576.0:0} MB)"),
            new($"time, {images.Count} uploads at once", $"{images.Count} x {kind}, wall time until the last answer", elapsed, "ms", ""),
        ];
    }

    private static async Task<Contracts.Media.V1.Media> UploadAsync(MediaService.MediaServiceClient client, byte[] bytes, int n) =>
        await MediaUploads.SendAsync(client, new UploadMetadata
        {
            ContentType = bytes[0] == 0x89 ? "image/png" : "image/jpeg",
            Media = new Contracts.Media.V1.Media { Credit = "Benchmark", AltText = $"Benchmark photo {n}" },
        }, bytes, CancellationToken.None);

    private static async Task FetchAllAsync(HttpClient http, Contracts.Media.V1.Media media, bool concurrently)
    {
        if (concurrently)
        {
            await Task.WhenAll(media.Renditions.Select(r => http.GetByteArrayAsync(r.Uri)));
            return;
        }
        foreach (var rendition in media.Renditions)
        {
            await http.GetByteArrayAsync(rendition.Uri);
        }
    }

    private static void DecodeFully(byte[] jpeg)
    {
        using var bitmap = SKBitmap.Decode(jpeg);
    }

    private static byte[] Reencode(byte[] image, int width, int height, SKEncodedImageFormat format)
    {
        using var source = SKBitmap.Decode(image);
        using var scaled = source.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKFilterMode.Linear));
        using var data = scaled.Encode(format, 90);
        return data.ToArray();
    }

    private async Task<MediaProcess> StartAsync(string name, string label)
    {
        var process = await BenchEnvironment.StartAsync("media-" + name, "media", dataDirectory, []);
        return new MediaProcess($"media service ({label})", process, process.GrpcAddress, $"http://127.0.0.1:{process.HttpPort}");
    }

    private static double Time(Action work)
    {
        var started = Stopwatch.GetTimestamp();
        work();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<double> Time(Func<Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        await work();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private sealed record MediaProcess(string Label, MeshProcess Process, string GrpcAddress, string HttpAddress) : IAsyncDisposable
    {
        public GrpcChannel Channel { get; } = BearerChannels.ForAddress(GrpcAddress, BenchIdentity.Editor);

        public long Peak() => ProcessMemory.Peak(Process.ProcessId);

        public async ValueTask DisposeAsync()
        {
            MemoryLedger.Record(Label, Process.ProcessId);
            Channel.Dispose();
            await Process.DisposeAsync();
        }
    }
}
