using Microsoft.EntityFrameworkCore;
using NewsMesh.Contracts.Feed.V1;

namespace NewsMesh.Storage.Feed;

/// <summary>Which changes a reader asked for, and may be told of.</summary>
public sealed record ChangeFilter(IReadOnlySet<string> ResourceTypes, IReadOnlySet<int> Kinds, ChangeAudience Audience)
{
    public bool Matches(ChangeRecord change) =>
        change.Audience <= (int)Audience
        && (ResourceTypes.Count == 0 || ResourceTypes.Contains(change.ResourceType))
        && (Kinds.Count == 0 || Kinds.Contains(change.Kind));
}

/// <summary>Reads of a service's outbox, through a context of its database.</summary>
public sealed class ChangeLog(DbContext db)
{
    /// <summary>The last number claimed by a committed write: every change up to it is visible.</summary>
    public Task<long> HeadAsync(CancellationToken ct) =>
        db.Set<FeedHeadRecord>().AsNoTracking().Where(h => h.Id == FeedHeadRecord.OnlyId).Select(h => h.Sequence).SingleAsync(ct);

    /// <summary>The lowest number still kept, or null when retention has left none.</summary>
    public Task<long?> OldestAsync(CancellationToken ct) =>
        db.Set<ChangeRecord>().AsNoTracking().MinAsync(c => (long?)c.Sequence, ct);

    /// <summary>Up to <paramref name="limit"/> changes in (<paramref name="after"/>, <paramref name="upTo"/>] that <paramref name="filter"/> lets through, in order.</summary>
    public Task<List<ChangeRecord>> ReadAsync(long after, long upTo, ChangeFilter? filter, int limit, CancellationToken ct)
    {
        var query = db.Set<ChangeRecord>().AsNoTracking().Where(c => c.Sequence > after && c.Sequence <= upTo);
        if (filter is not null)
        {
            var audience = (int)filter.Audience;
            query = query.Where(c => c.Audience <= audience);
            if (filter.ResourceTypes.Count > 0)
            {
                var types = filter.ResourceTypes.ToList();
                query = query.Where(c => types.Contains(c.ResourceType));
            }
            if (filter.Kinds.Count > 0)
            {
                var kinds = filter.Kinds.ToList();
                query = query.Where(c => kinds.Contains(c.Kind));
            }
        }
        return query.OrderBy(c => c.Sequence).Take(limit).ToListAsync(ct);
    }

    /// <summary>
    /// Deletes the changes up to the last one made before <paramref name="before"/>; the head row keeps the numbering
    /// going. By number, not by time: times are taken a moment before numbers, so they may be out of order by that
    /// moment, and what is kept must have no hole.
    /// </summary>
    public async Task<int> PruneAsync(long before, CancellationToken ct)
    {
        var edge = await db.Set<ChangeRecord>().AsNoTracking().Where(c => c.Time < before).MaxAsync(c => (long?)c.Sequence, ct);
        return edge is { } last ? await db.Set<ChangeRecord>().Where(c => c.Sequence <= last).ExecuteDeleteAsync(ct) : 0;
    }

    /// <summary>The change as readers get it at <paramref name="now"/>: its number, and the cursor to resume after it.</summary>
    public static Change Read(ChangeRecord record, FeedCursors cursors, DateTimeOffset now)
    {
        var change = Change.Parser.ParseFrom(record.Document);
        change.Sequence = record.Sequence;
        change.Cursor = cursors.Issue(new FeedPosition(record.Sequence, now));
        return change;
    }
}
