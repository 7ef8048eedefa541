using Microsoft.EntityFrameworkCore;
using NewsMesh.Aip.Paging;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Media.Domain;
using NewsMesh.Storage.Documents;
using NewsMesh.Storage.Feed;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Data;

/// <summary>Media metadata in the document store; the renditions are derived on every write.</summary>
public sealed class MediaStore(MediaDbContext db, TimeProvider clock)
    : DocumentStore<MediaResource, MediaRecord>(() => db, Resources.Media, MediaResource.Parser, clock)
{
    // Set for the write under way, before its change is noted.
    private bool _withdrawalOwed;

    /// <summary>New image media, with the id the client chose or a new one.</summary>
    public Task<MediaResource> CreateAsync(MediaResource draft, string mediaId, string requestId, Writer writer, CancellationToken ct)
    {
        var media = draft.Clone();
        media.Kind = MediaResource.Types.Kind.Image;
        var id = mediaId.Length > 0 ? mediaId : Guid.CreateVersion7(Clock.GetUtcNow()).ToString("N");
        return InsertAsync(media, id, requestId, writer, ct);
    }

    /// <summary>Whether any media still shows the original with this hash.</summary>
    public Task<bool> UsesOriginalAsync(string sha256, CancellationToken ct) => Rows.AnyAsync(m => m.Sha256 == sha256, ct);

    /// <summary>
    /// One page, newest first, starting after <paramref name="after"/>, of every media or of those whose licence ends
    /// before <paramref name="expiringBefore"/>; the cursor is set when more follow.
    /// </summary>
    public Task<(IReadOnlyList<MediaResource> Page, ListCursor? Next)> ListAsync(
        ListCursor? after, int pageSize, DateTimeOffset? expiringBefore, CancellationToken ct)
    {
        var query = Rows.AsNoTracking();
        if (expiringBefore is { } before)
        {
            var micros = Versions.Micros(before);
            query = query.Where(m => m.RightsExpireTime < micros);
        }
        return PageAsync(query, after, pageSize, newestFirst: true, ct);
    }

    /// <summary>
    /// Tells the feed of up to <paramref name="limit"/> licences that ended by themselves since the last look: no write
    /// withdrew those media, so without this no change would say so. Returns how many were told.
    /// </summary>
    public async Task<int> AnnounceEndedLicencesAsync(Writer writer, int limit, CancellationToken ct)
    {
        var now = Versions.Micros(Clock.GetUtcNow());
        var due = await Rows.AsNoTracking()
            .Where(m => !m.WithdrawalAnnounced && m.RightsExpireTime <= now)
            .OrderBy(m => m.RightsExpireTime)
            .Select(m => m.Id)
            .Take(limit)
            .ToListAsync(ct);
        var told = 0;
        foreach (var id in due)
        {
            if (await AnnounceAsync(id, (media, row) => !row.WithdrawalAnnounced && MediaRights.IsWithdrawn(media, Clock.GetUtcNow())
                    ? new ChangeNote(ChangeKind.RightsWithdrawn, [SurrogateKeys.Media(id), SurrogateKeys.MediaLists], ChangeAudience.Public)
                    : null, writer, ct))
            {
                told++;
            }
        }
        return told;
    }

    /// <summary>The renditions follow from the original, focal point and crops, so they are listed whenever those may change.</summary>
    protected override Task BeforeWriteAsync(WriteKind kind, MediaResource? current, MediaResource proposed, Writer writer, CancellationToken ct)
    {
        // Decided at every read, never stored.
        proposed.Withdrawn = false;
        proposed.Renditions.Clear();
        proposed.Renditions.AddRange(RenditionPlan.Describe(proposed));
        // A licence that ended by itself, and that the feed was not yet told of, is told of by this write.
        _withdrawalOwed = current is not null && MediaRights.IsWithdrawn(current, Clock.GetUtcNow())
            && Rows.Local.FirstOrDefault(r => r.Id == IdOf(proposed)) is { WithdrawalAnnounced: false };
        return Task.CompletedTask;
    }

    /// <summary>
    /// Media are public: every change to one is anyone's news, and touches the pages that show it. A change that takes
    /// away the right to show it (a licence ended or cut short) says so.
    /// </summary>
    protected override ChangeNote Note(WriteKind kind, MediaResource? current, MediaResource written, Writer writer)
    {
        var now = Clock.GetUtcNow();
        return new ChangeNote(
            kind switch
            {
                WriteKind.Create => ChangeKind.Created,
                WriteKind.Delete => ChangeKind.Deleted,
                _ when MediaRights.IsWithdrawn(written, now) && current is not null && (!MediaRights.IsWithdrawn(current, now) || _withdrawalOwed) => ChangeKind.RightsWithdrawn,
                _ => ChangeKind.Updated,
            },
            [SurrogateKeys.Media(IdOf(written)), SurrogateKeys.MediaLists],
            ChangeAudience.Public);
    }

    protected override void Project(MediaResource media, MediaRecord record)
    {
        record.Sha256 = media.Original.Sha256;
        record.ListTime = CreatedMicros(media);
        record.RightsExpireTime = media.Rights?.ExpireTime is { } end ? Versions.Micros(end.ToDateTimeOffset()) : null;
        // A write that withdraws the media says so in its own change; one that leaves it shown owes the feed a word later.
        record.WithdrawalAnnounced = MediaRights.IsWithdrawn(media, Clock.GetUtcNow());
    }
}
