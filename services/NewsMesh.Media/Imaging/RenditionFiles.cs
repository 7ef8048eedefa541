using System.Diagnostics;
using NewsMesh.Media.Domain;
using NewsMesh.Media.Originals;
using NewsMesh.ServiceDefaults.Concurrency;

namespace NewsMesh.Media.Imaging;

/// <summary>
/// Renditions on disk, made on first request. Each is made once: requests that arrive while it is being made
/// wait for the same work, and a request that gives up does not cancel it for the others. Making one takes a
/// decode slot, so however many renditions are asked for at once, only so many images are in memory.
/// </summary>
public sealed partial class RenditionFiles(OriginalFiles files, DecodeSlots slots, MediaMetrics metrics, ILogger<RenditionFiles> logger)
{
    private readonly SingleFlight<string> _inFlight = new();

    /// <summary>The path of the rendition's file, made first if it is not there yet.</summary>
    public async Task<string> GetAsync(RenditionPlan plan, CancellationToken ct)
    {
        var path = files.RenditionPath(plan);
        if (File.Exists(path))
        {
            return path;
        }
        return await _inFlight.RunAsync(path, () => MakeAsync(plan, path), ct);
    }

    private async Task<string> MakeAsync(RenditionPlan plan, string path)
    {
        var started = Stopwatch.GetTimestamp();
        // Another request may have finished it between our look at the disk and taking a slot.
        var bytes = await slots.RunAsync(
            () => File.Exists(path) ? null : RenditionMaker.Make(files.OriginalPath(plan.Sha256), plan), CancellationToken.None);
        if (bytes is not null)
        {
            await files.KeepRenditionAsync(plan, bytes);
            metrics.RenditionMade(plan, Stopwatch.GetElapsedTime(started));
            LogMade(plan.Uri, bytes.Length);
        }
        return path;
    }

    [LoggerMessage(LogLevel.Information, "Made {Rendition} ({Bytes} bytes)")]
    private partial void LogMade(string rendition, int bytes);
}
