using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using NewsMesh.Contracts;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Paging;
using NewsMesh.Aip.Text;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.Storage;

namespace NewsMesh.Authors.Data;

/// <summary>Reads and writes authors; every write re-checks the etag it was given and raises the revision.</summary>
public sealed class AuthorStore(AuthorsDbContext db, TimeProvider clock)
{
    private const string ResourceType = "newsmesh.author.v1.Author";

    public async Task<Author> CreateAsync(Author draft, string authorId, string requestId, CancellationToken ct)
    {
        if (requestId.Length > 0 && await FindByRequestIdAsync(requestId, ct) is { } earlier)
        {
            return earlier;
        }

        var now = clock.GetUtcNow();
        var id = authorId.Length > 0 ? authorId : Guid.CreateVersion7(now).ToString("N");
        var author = draft.Clone();
        author.Name = Resources.Author.Name(id);
        author.State = Author.Types.State.Active;
        author.CreateTime = author.UpdateTime = Timestamp.FromDateTimeOffset(now);
        author.Revision = 1;
        author.Etag = Versions.Etag(author.Revision);

        if (await db.Authors.AnyAsync(a => a.Id == id, ct))
        {
            return await RetriedOrTakenAsync(requestId, "ID_TAKEN", $"{author.Name} already exists.", ct);
        }
        if (await db.Authors.AnyAsync(a => a.Slug == author.Slug, ct))
        {
            return await RetriedOrTakenAsync(requestId, "SLUG_TAKEN", $"The slug '{author.Slug}' is already used by another author.", ct);
        }
        var record = new AuthorRecord { Id = id, Slug = author.Slug, RequestId = requestId.Length > 0 ? requestId : null, Document = [] };
        Project(author, record);
        db.Authors.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return await RetriedOrTakenAsync(requestId, "ID_OR_SLUG_TAKEN", $"{author.Name} or the slug '{author.Slug}' is already taken.", ct);
        }
        return author;
    }

    public async Task<Author?> GetAsync(string id, CancellationToken ct) =>
        Parse(await db.Authors.AsNoTracking().Where(a => a.Id == id).Select(a => a.Document).FirstOrDefaultAsync(ct));

    public async Task<Author?> LookupAsync(string slug, CancellationToken ct) =>
        Parse(await db.Authors.AsNoTracking().Where(a => a.Slug == slug).Select(a => a.Document).FirstOrDefaultAsync(ct));

    /// <summary>The authors with these ids that exist, by id.</summary>
    public async Task<IReadOnlyDictionary<string, Author>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var rows = await db.Authors.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Document }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => Author.Parser.ParseFrom(r.Document));
    }

    /// <summary>One page in creation order, starting after <paramref name="after"/>; the cursor is set when more follow.</summary>
    public async Task<(IReadOnlyList<Author> Page, ListCursor? Next)> ListAsync(
        int? kind, int state, ListCursor? after, int pageSize, CancellationToken ct)
    {
        var query = db.Authors.AsNoTracking().Where(a => a.State == state);
        if (kind is { } k)
        {
            query = query.Where(a => a.Kind == k);
        }
        if (after is not null)
        {
            query = query.Where(a => a.ListTime > after.ListTime || (a.ListTime == after.ListTime && string.Compare(a.Id, after.Id) > 0));
        }
        var rows = await query.OrderBy(a => a.ListTime).ThenBy(a => a.Id).Take(pageSize + 1)
            .Select(a => new { a.ListTime, a.Id, a.Document }).ToListAsync(ct);
        var page = rows.Take(pageSize).Select(r => Author.Parser.ParseFrom(r.Document)).ToList();
        var next = rows.Count > pageSize ? new ListCursor(rows[pageSize - 1].ListTime, rows[pageSize - 1].Id) : null;
        return (page, next);
    }

    /// <summary>Applies <paramref name="change"/> to the current version; null from it means nothing to do.</summary>
    public async Task<Author> ModifyAsync(string id, string etag, Func<Author, Author?> change, CancellationToken ct)
    {
        var record = await db.Authors.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (record is null)
        {
            RpcErrors.ThrowNotFound(ResourceType, Resources.Author.Name(id));
        }
        var current = Author.Parser.ParseFrom(record.Document);
        if (etag.Length > 0 && etag != current.Etag)
        {
            RpcErrors.ThrowStaleEtag(current.Name, etag, current.Etag);
        }
        if (change(current) is not { } next || next.Equals(current))
        {
            return current;
        }
        if (next.Slug != current.Slug && await db.Authors.AnyAsync(a => a.Slug == next.Slug && a.Id != id, ct))
        {
            ThrowSlugTaken(next.Slug);
        }
        next.Revision = current.Revision + 1;
        next.Etag = Versions.Etag(next.Revision);
        next.UpdateTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        Project(next, record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            RpcErrors.ThrowStaleEtag(next.Name, current.Etag, "(newer)");
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            ThrowSlugTaken(next.Slug);
        }
        return next;
    }

    private async Task<Author> RetriedOrTakenAsync(string requestId, string reason, string message, CancellationToken ct)
    {
        if (requestId.Length > 0 && await FindByRequestIdAsync(requestId, ct) is { } winner)
        {
            return winner;
        }
        RpcErrors.ThrowAlreadyExists(reason, message, new Dictionary<string, string>());
        return null;
    }

    private async Task<Author?> FindByRequestIdAsync(string requestId, CancellationToken ct) =>
        Parse(await db.Authors.AsNoTracking().Where(a => a.RequestId == requestId).Select(a => a.Document).FirstOrDefaultAsync(ct));

    private static void ThrowSlugTaken(string slug) =>
        RpcErrors.ThrowAlreadyExists("SLUG_TAKEN", $"The slug '{slug}' is already used by another author.",
            new Dictionary<string, string> { ["slug"] = slug });

    private static void Project(Author author, AuthorRecord record)
    {
        record.Slug = author.Slug;
        record.Kind = (int)author.Kind;
        record.State = (int)author.State;
        record.ListTime = Versions.Micros(author.CreateTime.ToDateTimeOffset());
        record.Revision = author.Revision;
        record.Document = author.ToByteArray();
    }

    private static Author? Parse(byte[]? document) => document is null ? null : Author.Parser.ParseFrom(document);
}
