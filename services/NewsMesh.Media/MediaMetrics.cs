using System.Diagnostics.Metrics;
using NewsMesh.Media.Domain;

namespace NewsMesh.Media;

/// <summary>What the image work costs: exported as <c>newsmesh_media_*</c> on <c>/metrics</c>.</summary>
public sealed class MediaMetrics : IDisposable
{
    public const string MeterName = "NewsMesh.Media";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _made;
    private readonly Histogram<double> _duration;
    private long _madeCount;

    public MediaMetrics()
    {
        _made = _meter.CreateCounter<long>("newsmesh.media.renditions_made", description: "Renditions drawn and encoded");
        _duration = _meter.CreateHistogram<double>("newsmesh.media.rendition_duration", unit: "s", description: "Time to decode, draw and encode one rendition");
    }

    /// <summary>Renditions made since the service started.</summary>
    public long RenditionsMade => Interlocked.Read(ref _madeCount);

    public void RenditionMade(RenditionPlan plan, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _madeCount);
        var format = new KeyValuePair<string, object?>("format", plan.Format.Extension);
        _made.Add(1, format);
        _duration.Record(elapsed.TotalSeconds, format);
    }

    public void Dispose() => _meter.Dispose();
}
