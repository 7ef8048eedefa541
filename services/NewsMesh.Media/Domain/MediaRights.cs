using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Domain;

/// <summary>
/// Whether a licence still holds, judged at every read by the service's clock: a media item is withdrawn from the
/// moment its <c>rights.expire_time</c> passes, without waiting for any job, also across restarts, and nothing
/// that shows it may be cached past that moment.
/// </summary>
public static class MediaRights
{
    public static bool IsWithdrawn(MediaResource media, DateTimeOffset now) =>
        media.Rights?.ExpireTime is { } end && end.ToDateTimeOffset() <= now;

    /// <summary><paramref name="media"/> with <c>withdrawn</c> as of <paramref name="now"/>.</summary>
    public static MediaResource AsOf(MediaResource media, DateTimeOffset now)
    {
        media.Withdrawn = IsWithdrawn(media, now);
        return media;
    }

    /// <summary>
    /// How long an answer showing <paramref name="media"/> may be kept: until the first licence among them that has
    /// yet to end ends; null when none will (a withdrawn item changes no more).
    /// </summary>
    public static TimeSpan? KeepUntil(IEnumerable<MediaResource> media, DateTimeOffset now)
    {
        var ends = media.Select(m => m.Rights?.ExpireTime?.ToDateTimeOffset()).OfType<DateTimeOffset>().Where(end => end > now).ToList();
        return ends.Count == 0 ? null : ends.Min() - now;
    }
}
