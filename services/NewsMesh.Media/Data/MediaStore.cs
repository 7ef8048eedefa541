using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using NewsMesh.Contracts;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Paging;
using NewsMesh.Aip.Text;
using NewsMesh.Media.Domain;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.Storage;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Data;

/// <summary>Reads and writes media metadata; every write re-checks the etag it was given and raises the revision.</summary>
public sealed class MediaStore(MediaDbContext db, TimeProvider clock)
{
    public const string ResourceType = "newsmesh.media.v1.Media";

    /// <summary>Stores new media; ALREADY_EXISTS when <paramref name="mediaId"/> is taken by other media.</summary>
    public async Task<MediaResource> CreateAsync(MediaResource media, string mediaId, string requestId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = mediaId.Length > 0 ? mediaId : Guid.CreateVersion7(now).ToString("N");
        media.Name = Resources.Media.Name(id);
        media.Kind = MediaResource.Types.Kind.Image;
        media.CreateTime = media.UpdateTime = Timestamp.FromDateTimeOffset(now);
        media.Revision = 1;
        media.Etag = Versions.Etag(media.Revision);
        Derive(media);

        if (await db.Media.AnyAsync(m => m.Id == id, ct))
        {
            return await RetriedOrTakenAsync(requestId, media.Name, ct);
        }
        var record = new MediaRecord
        {
            Id = id,
            Sha256 = media.Original.Sha256,
            RequestId = requestId.Length > 0 ? requestId : null,
            Document = [],
        };
        Project(media, record);
        db.Media.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return await RetriedOrTakenAsync(requestId, media.Name, ct);
        }
        return media;
    }

    public async Task<MediaResource?> FindByRequestIdAsync(string requestId, CancellationToken ct) =>
        Parse(await db.Media.AsNoTracking().Where(m => m.RequestId == requestId).Select(m => m.Document).FirstOrDefaultAsync(ct));

    public async Task<MediaResource?> GetAsync(string id, CancellationToken ct) =>
        Parse(await db.Media.AsNoTracking().Where(m => m.Id == id).Select(m => m.Document).FirstOrDefaultAsync(ct));

    /// <summary>The media with these ids that exist, by id.</summary>
    public async Task<IReadOnlyDictionary<string, MediaResource>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var rows = await db.Media.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, m.Document }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => MediaResource.Parser.ParseFrom(r.Document));
    }

    /// <summary>Whether any media still shows the original with this hash.</summary>
    public Task<bool> UsesOriginalAsync(string sha256, CancellationToken ct) => db.Media.AnyAsync(m => m.Sha256 == sha256, ct);

    /// <summary>One page, newest first, starting after <paramref name="after"/>; the cursor is set when more follow.</summary>
    public async Task<(IReadOnlyList<MediaResource> Page, ListCursor? Next)> ListAsync(ListCursor? after, int pageSize, CancellationToken ct)
    {
        var query = db.Media.AsNoTracking();
        if (after is not null)
        {
            query = query.Where(m => m.ListTime < after.ListTime || (m.ListTime == after.ListTime && string.Compare(m.Id, after.Id) < 0));
        }
        var rows = await query.OrderByDescending(m => m.ListTime).ThenByDescending(m => m.Id).Take(pageSize + 1)
            .Select(m => new { m.ListTime, m.Id, m.Document }).ToListAsync(ct);
        var page = rows.Take(pageSize).Select(r => MediaResource.Parser.ParseFrom(r.Document)).ToList();
        var next = rows.Count > pageSize ? new ListCursor(rows[pageSize - 1].ListTime, rows[pageSize - 1].Id) : null;
        return (page, next);
    }

    /// <summary>Applies <paramref name="change"/> to the current version, if <paramref name="etag"/> (when given) is current.</summary>
    public async Task<MediaResource> ModifyAsync(string id, string etag, Func<MediaResource, MediaResource> change, CancellationToken ct)
    {
        var (record, current) = await LoadAsync(id, etag, ct);
        var next = change(current);
        if (next.Equals(current))
        {
            return current;
        }
        next.Revision = current.Revision + 1;
        next.Etag = Versions.Etag(next.Revision);
        next.UpdateTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        Derive(next);
        Project(next, record);
        await SaveOrAbortAsync(next.Name, current.Etag, ct);
        return next;
    }

    /// <summary>Deletes the media, if <paramref name="etag"/> (when given) is current; returns what was deleted.</summary>
    public async Task<MediaResource> DeleteAsync(string id, string etag, CancellationToken ct)
    {
        var (record, current) = await LoadAsync(id, etag, ct);
        db.Media.Remove(record);
        await SaveOrAbortAsync(current.Name, current.Etag, ct);
        return current;
    }

    private async Task<(MediaRecord Record, MediaResource Current)> LoadAsync(string id, string etag, CancellationToken ct)
    {
        var record = await db.Media.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (record is null)
        {
            RpcErrors.ThrowNotFound(ResourceType, Resources.Media.Name(id));
        }
        var current = MediaResource.Parser.ParseFrom(record.Document);
        if (etag.Length > 0 && etag != current.Etag)
        {
            RpcErrors.ThrowStaleEtag(current.Name, etag, current.Etag);
        }
        return (record, current);
    }

    private async Task SaveOrAbortAsync(string name, string etag, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            RpcErrors.ThrowStaleEtag(name, etag, "(newer)");
        }
    }

    private async Task<MediaResource> RetriedOrTakenAsync(string requestId, string name, CancellationToken ct)
    {
        if (requestId.Length > 0 && await FindByRequestIdAsync(requestId, ct) is { } winner)
        {
            return winner;
        }
        RpcErrors.ThrowAlreadyExists("ID_TAKEN", $"{name} already exists.", new Dictionary<string, string> { ["name"] = name });
        return null;
    }

    /// <summary>The renditions follow from the original, focal point and crops, so they are listed whenever those may change.</summary>
    private static void Derive(MediaResource media)
    {
        media.Renditions.Clear();
        media.Renditions.AddRange(RenditionPlan.Describe(media));
    }

    private static void Project(MediaResource media, MediaRecord record)
    {
        record.ListTime = Versions.Micros(media.CreateTime.ToDateTimeOffset());
        record.Revision = media.Revision;
        record.Document = media.ToByteArray();
    }

    private static MediaResource? Parse(byte[]? document) => document is null ? null : MediaResource.Parser.ParseFrom(document);
}
