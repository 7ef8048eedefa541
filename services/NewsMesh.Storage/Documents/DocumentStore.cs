using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using NewsMesh.Aip.Fields;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Paging;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Storage.Feed;

namespace NewsMesh.Storage.Documents;

/// <summary>A resource as its row stores it: its place in list order and its protobuf bytes.</summary>
public sealed record StoredResource(long ListTime, string Id, byte[] Document);

/// <summary>What a write does to the resource.</summary>
public enum WriteKind
{
    Create,
    Update,
    Delete,
}

/// <summary>
/// One resource kind's rows: create with a request id (idempotent, AIP-155), get, batch get, keyset pages, update
/// with an etag (AIP-154), and delete, soft where the row is <see cref="ISoftDeleted"/>, on SQLite and PostgreSQL
/// alike. Every write is one transaction that re-checks the revision it read and raises it, so concurrent writers
/// cannot overwrite each other. Every write also records its change in the service's outbox (<see cref="ChangeRecord"/>),
/// in the same transaction, numbered from the feed's head row so that numbers become visible in the order they were
/// claimed. A service derives its store and adds only its projection (<see cref="Project"/>), what its changes mean
/// (<see cref="Note"/>) and its own rules (the hooks). Outcomes are <see cref="StoreException"/>s.
/// </summary>
public abstract class DocumentStore<TMessage, TRow>
    where TMessage : class, IMessage<TMessage>, IDeepCloneable<TMessage>, new()
    where TRow : DocumentRow, new()
{
    /// <summary>How often a write is made again when another writer got there first (with an etag, only while the version it names is current).</summary>
    public const int WriteAttempts = 5;

    private static readonly Lazy<DocumentFields> StandardFields = new(() => new DocumentFields(new TMessage().Descriptor));

    private readonly Lazy<DbContext> _database;

    /// <summary>Writes made in the current write's transaction (<see cref="WriteAlongsideAsync"/>), acknowledged with it.</summary>
    private readonly List<(TMessage Current, TMessage Written)> _alongside = [];

    /// <summary>The changes of the current write's transaction, recorded when it commits.</summary>
    private readonly List<(Change Change, ChangeAudience Audience)> _changes = [];

    /// <param name="database">Resolved on first use: a read that a cache answers never builds a context.</param>
    protected DocumentStore(Func<DbContext> database, ResourcePattern pattern, MessageParser<TMessage> parser, TimeProvider clock)
    {
        _database = new Lazy<DbContext>(database);
        Pattern = pattern;
        Parser = parser;
        Clock = clock;
    }

    protected DbContext Db => _database.Value;

    protected DbSet<TRow> Rows => Db.Set<TRow>();

    protected ResourcePattern Pattern { get; }

    protected MessageParser<TMessage> Parser { get; }

    protected TimeProvider Clock { get; }

    /// <summary>The feed number of the last change this store committed (0 before any): what a cache that follows the feed compares with.</summary>
    protected long LastCommittedSequence { get; private set; }

    /// <summary>Copies the queried facts of <paramref name="message"/> into its row (not the document: the store writes that).</summary>
    protected abstract void Project(TMessage message, TRow row);

    /// <summary>
    /// What a write means to the feed's readers; <paramref name="current"/> is null on create. Null: the write is no
    /// news to anyone outside the service (its own bookkeeping), and a store of only such writes keeps no feed.
    /// </summary>
    protected abstract ChangeNote? Note(WriteKind kind, TMessage? current, TMessage written, Writer writer);

    /// <summary>
    /// Runs in the write's transaction, after the standard fields are set and before the row is projected: add or
    /// remove the rows that go with it, check what a unique key would refuse, derive fields. <paramref name="current"/>
    /// is null on create.
    /// </summary>
    protected virtual Task BeforeWriteAsync(WriteKind kind, TMessage? current, TMessage proposed, Writer writer, CancellationToken ct) => Task.CompletedTask;

    /// <summary>After the write committed, before it is acknowledged (caches to evict). Not cancellable: it is committed.</summary>
    protected virtual Task AfterWriteAsync(TMessage? current, TMessage written) => Task.CompletedTask;

    /// <summary>What a unique key of the service's own (not the id or request id) refused, once the write failed on one.</summary>
    protected virtual Task<StoreException> ConflictAsync(TMessage written, CancellationToken ct) =>
        Task.FromResult(IdTaken(Pattern.Name(IdOf(written))));

    public async Task<TMessage?> GetAsync(string id, CancellationToken ct) =>
        Parse(await Rows.AsNoTracking().Where(r => r.Id == id).Select(r => r.Document).FirstOrDefaultAsync(ct));

    /// <summary>The live resource, or <see cref="StoreOutcome.NotFound"/>.</summary>
    public async Task<TMessage> GetExistingAsync(string id, CancellationToken ct) =>
        await GetAsync(id, ct) ?? throw StoreException.NotFound(Pattern.Type, Pattern.Name(id));

    /// <summary>The live resources with these ids, by id; missing ones are left out.</summary>
    public async Task<IReadOnlyDictionary<string, TMessage>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var rows = await Rows.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Document }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => Parser.ParseFrom(r.Document));
    }

    /// <summary>
    /// The resources with <paramref name="ids"/>, in that order (AIP-231): all of them, or
    /// <see cref="StoreOutcome.NotFound"/> naming the first that does not exist.
    /// </summary>
    public async Task<IReadOnlyList<TMessage>> BatchGetAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var found = await GetManyAsync(ids.Distinct().ToList(), ct);
        return ids.Select(id => found.TryGetValue(id, out var message) ? message : throw StoreException.NotFound(Pattern.Type, Pattern.Name(id))).ToList();
    }

    /// <summary>What a create with <paramref name="requestId"/> made, deleted since or not: a retry gets the same answer.</summary>
    public async Task<TMessage?> FindByRequestIdAsync(string requestId, CancellationToken ct) =>
        Parse(await Rows.IgnoreQueryFilters().AsNoTracking().Where(r => r.RequestId == requestId).Select(r => r.Document).FirstOrDefaultAsync(ct));

    /// <summary>
    /// One page of <paramref name="query"/> in list order (<see cref="DocumentRow.ListTime"/>, then id), starting
    /// strictly after <paramref name="after"/>; the cursor is set when more follow.
    /// </summary>
    protected async Task<(IReadOnlyList<TMessage> Page, ListCursor? Next)> PageAsync(
        IQueryable<TRow> query, ListCursor? after, int pageSize, bool newestFirst, CancellationToken ct)
    {
        var (rows, next) = await StoredPageAsync(query, after, pageSize, newestFirst, ct);
        return (rows.Select(r => Parser.ParseFrom(r.Document)).ToList(), next);
    }

    /// <summary>As <see cref="PageAsync"/>, with each resource as it is stored: its list position and its bytes, not parsed.</summary>
    protected async Task<(IReadOnlyList<StoredResource> Page, ListCursor? Next)> StoredPageAsync(
        IQueryable<TRow> query, ListCursor? after, int pageSize, bool newestFirst, CancellationToken ct)
    {
        if (after is not null)
        {
            // Translated to SQL, where ids compare by the column's collation on both providers; there is no culture here.
#pragma warning disable CA1309
            query = newestFirst
                ? query.Where(r => r.ListTime < after.ListTime || (r.ListTime == after.ListTime && string.Compare(r.Id, after.Id) < 0))
                : query.Where(r => r.ListTime > after.ListTime || (r.ListTime == after.ListTime && string.Compare(r.Id, after.Id) > 0));
#pragma warning restore CA1309
        }
        query = newestFirst
            ? query.OrderByDescending(r => r.ListTime).ThenByDescending(r => r.Id)
            : query.OrderBy(r => r.ListTime).ThenBy(r => r.Id);
        var rows = await query.Take(pageSize + 1).Select(r => new StoredResource(r.ListTime, r.Id, r.Document)).ToListAsync(ct);
        var next = rows.Count > pageSize ? new ListCursor(rows[pageSize - 1].ListTime, rows[pageSize - 1].Id) : null;
        return (rows.Take(pageSize).ToList(), next);
    }

    /// <summary>
    /// Stores <paramref name="draft"/> as a new resource with <paramref name="id"/>, its first revision. A create whose
    /// <paramref name="requestId"/> was seen before answers with what that create made (AIP-155), also when the two
    /// raced; an id or unique fact that another resource holds is <see cref="StoreOutcome.AlreadyExists"/>.
    /// </summary>
    protected async Task<TMessage> InsertAsync(TMessage draft, string id, string requestId, Writer writer, CancellationToken ct)
    {
        if (requestId.Length > 0 && await FindByRequestIdAsync(requestId, ct) is { } earlier)
        {
            return earlier;
        }
        Forget();
        var created = draft.Clone();
        StandardFields.Value.Created(created, Pattern.Name(id), Clock.GetUtcNow(), writer.Subject);
        try
        {
            if (await Rows.IgnoreQueryFilters().AnyAsync(r => r.Id == id, ct))
            {
                throw IdTaken(Pattern.Name(id));
            }
            await BeforeWriteAsync(WriteKind.Create, null, created, writer, ct);
            var row = new TRow { Id = id, RequestId = requestId.Length > 0 ? requestId : null };
            Write(created, row);
            Rows.Add(row);
            Record(WriteKind.Create, null, created, writer);
            await CommitAsync(ct);
        }
        catch (Exception e) when (e is StoreException { Outcome: StoreOutcome.AlreadyExists } || e is DbUpdateException u && DbErrors.IsUniqueViolation(u))
        {
            Forget();
            // A concurrent create with the same request id took the id or the fact first: its resource is the answer.
            if (requestId.Length > 0 && await FindByRequestIdAsync(requestId, ct) is { } winner)
            {
                return winner;
            }
            throw e as StoreException ?? await ConflictAsync(created, ct);
        }
        await AfterWriteAsync(null, created);
        return created;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current version and stores the result as the next revision.
    /// <paramref name="change"/> returns null (or an equal message) when there is nothing to do, and the resource is
    /// returned as it is; it may refuse by throwing. <paramref name="guard"/>, when given, sees the stored version
    /// before anything is compared with it (the etag), so a caller it refuses learns nothing of it.
    /// A caller who sent an etag asked for that version only; one who sent none asked for whatever is current
    /// (AIP-154), so when another writer commits between our read and our write, the change is made again on the
    /// newer version, <see cref="WriteAttempts"/> times at most. <paramref name="change"/> may therefore run more than once.
    /// A caller who sent an etag gets ABORTED once the resource has moved on; a write that lost only on a row written
    /// alongside (<see cref="WriteAlongsideAsync"/>) is made again, since the version the caller named is still current.
    /// </summary>
    public async Task<TMessage> ModifyAsync(
        string id, string etag, Writer writer, Func<TMessage, TMessage?> change, CancellationToken ct, Action<TMessage>? guard = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (row, current) = await LoadForWriteAsync(id, etag, guard, ct);
            if (change(current) is not { } next || next.Equals(current))
            {
                return current;
            }
            if (await TryWriteAsync(WriteKind.Update, row, current, next, writer, ct))
            {
                return next;
            }
            ThrowUnlessRetried(id, current, attempt);
        }
    }

    /// <summary>
    /// From a write's <see cref="BeforeWriteAsync"/>: changes another resource of the same kind in the same transaction
    /// (a derived fact it holds, such as a translation falling behind its source), as that resource's next revision,
    /// through the same hooks. It commits or fails with the write; should another writer have changed that resource
    /// meanwhile, the whole write is made again.
    /// </summary>
    protected async Task WriteAlongsideAsync(string id, Writer writer, Func<TMessage, TMessage?> change, CancellationToken ct)
    {
        if (await Rows.FirstOrDefaultAsync(r => r.Id == id, ct) is not { } row)
        {
            return;
        }
        var current = Parser.ParseFrom(row.Document);
        if (change(current) is not { } next || next.Equals(current))
        {
            return;
        }
        StandardFields.Value.Written(next, StandardFields.Value.Revision(current) + 1, Clock.GetUtcNow(), writer.Subject);
        await BeforeWriteAsync(WriteKind.Update, current, next, writer, ct);
        Write(next, row);
        Record(WriteKind.Update, current, next, writer);
        _alongside.Add((current, next));
    }

    /// <summary>Deletes the resource; a soft-deleted row stays, marked, and its deletion is its last revision.</summary>
    public async Task<TMessage> DeleteAsync(string id, string etag, Writer writer, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (row, current) = await LoadForWriteAsync(id, etag, null, ct);
            var deleted = current.Clone();
            bool written;
            if (row is ISoftDeleted soft)
            {
                StandardFields.Value.Deleted(deleted, Clock.GetUtcNow());
                soft.Deleted = true;
                written = await TryWriteAsync(WriteKind.Delete, row, current, deleted, writer, ct);
            }
            else
            {
                await BeforeWriteAsync(WriteKind.Delete, current, deleted, writer, ct);
                Rows.Remove(row);
                Record(WriteKind.Delete, current, deleted, writer);
                written = await TrySaveAsync(deleted, ct);
                if (written)
                {
                    await AfterWriteAsync(current, deleted);
                }
            }
            if (written)
            {
                return deleted;
            }
            ThrowUnlessRetried(id, current, attempt);
        }
    }

    private async Task<bool> TryWriteAsync(WriteKind kind, TRow row, TMessage current, TMessage next, Writer writer, CancellationToken ct)
    {
        StandardFields.Value.Written(next, StandardFields.Value.Revision(current) + 1, Clock.GetUtcNow(), writer.Subject);
        await BeforeWriteAsync(kind, current, next, writer, ct);
        Write(next, row);
        Record(kind, current, next, writer);
        if (!await TrySaveAsync(next, ct))
        {
            return false;
        }
        await AfterWriteAsync(current, next);
        return true;
    }

    /// <summary>Commits, then acknowledges what was written alongside; false when another writer committed between our read and our write.</summary>
    private async Task<bool> TrySaveAsync(TMessage written, CancellationToken ct)
    {
        var alongside = _alongside.ToList();
        try
        {
            await CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Forget the failed changes, so that the next write through this context (a retry, or a background
            // job's next resource) starts from what is stored.
            Forget();
            return false;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            Forget();
            // A row keyed by the new revision (a service's history) may meet the winner's before the revision check
            // does: then the race was lost, not a unique fact.
            if (await LostRaceAsync([written, .. alongside.Select(w => w.Written)], ct))
            {
                return false;
            }
            throw await ConflictAsync(written, ct);
        }
        _alongside.Clear();
        foreach (var (current, next) in alongside)
        {
            await AfterWriteAsync(current, next);
        }
        return true;
    }

    /// <summary>Whether another writer got to any of <paramref name="written"/> first: its stored revision is already the one we wrote.</summary>
    private async Task<bool> LostRaceAsync(IEnumerable<TMessage> written, CancellationToken ct)
    {
        foreach (var message in written)
        {
            var id = IdOf(message);
            var stored = await Rows.IgnoreQueryFilters().AsNoTracking().Where(r => r.Id == id).Select(r => r.Revision).FirstOrDefaultAsync(ct);
            if (stored >= StandardFields.Value.Revision(message))
            {
                return true;
            }
        }
        return false;
    }

    private void Forget()
    {
        Db.ChangeTracker.Clear();
        _alongside.Clear();
        _changes.Clear();
    }

    private void Record(WriteKind kind, TMessage? current, TMessage written, Writer writer)
    {
        if (Note(kind, current, written, writer) is { } note)
        {
            Record(note, written, writer);
        }
    }

    private void Record(ChangeNote note, TMessage written, Writer writer) =>
        _changes.Add((new Change
        {
            Resource = (string)written.Descriptor.FindFieldByName("name").Accessor.GetValue(written),
            ResourceType = Pattern.Type,
            Kind = note.Kind,
            Revision = StandardFields.Value.Revision(written),
            Time = Timestamp.FromDateTimeOffset(Clock.GetUtcNow()),
            Actor = writer.Subject,
            SurrogateKeys = { note.SurrogateKeys },
            Audience = note.Audience switch
            {
                ChangeAudience.Public => Audience.Public,
                ChangeAudience.Partner => Audience.Partner,
                _ => Audience.Staff,
            },
        }, note.Audience));

    /// <summary>
    /// Records a change that no write made, something that happened by time alone (a licence that ended), when
    /// <paramref name="announce"/> says the resource's row still owes it: the row is projected again (so that it stops
    /// owing it) and the change recorded, in one transaction, at the resource's current revision. A write that
    /// committed meanwhile wins (it made its own change, or moved the time): nothing is recorded, and false returned.
    /// </summary>
    protected async Task<bool> AnnounceAsync(string id, Func<TMessage, TRow, ChangeNote?> announce, Writer writer, CancellationToken ct)
    {
        Forget();
        if (await Rows.FirstOrDefaultAsync(r => r.Id == id, ct) is not { } row)
        {
            return false;
        }
        var current = Parser.ParseFrom(row.Document);
        if (announce(current, row) is not { } note)
        {
            return false;
        }
        Project(current, row);
        // Always an UPDATE, guarded by the row's concurrency tokens, even when the projection changed no column.
        Db.Entry(row).Property(r => r.Revision).IsModified = true;
        Record(note, current, writer);
        try
        {
            await CommitAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            Forget();
            return false;
        }
    }

    /// <summary>
    /// Saves the write and its changes in one transaction. The changes' numbers are claimed last, by raising the
    /// feed's head row: its row lock (PostgreSQL) or the database's write lock (SQLite) is then held only until the
    /// commit, so a writer that claimed a number commits before the next writer can claim one, and a reader never
    /// sees a number before every lower one is visible.
    /// </summary>
    private async Task CommitAsync(CancellationToken ct)
    {
        if (_changes.Count == 0)
        {
            await Db.SaveChangesAsync(ct);
            return;
        }
        await using var transaction = await Db.Database.BeginTransactionAsync(ct);
        await Db.SaveChangesAsync(ct);
        var heads = Db.Set<FeedHeadRecord>().Where(h => h.Id == FeedHeadRecord.OnlyId);
        var count = _changes.Count;
        await heads.ExecuteUpdateAsync(h => h.SetProperty(r => r.Sequence, r => r.Sequence + count), ct);
        var last = await heads.Select(h => h.Sequence).SingleAsync(ct);
        Db.Set<ChangeRecord>().AddRange(_changes.Select((c, i) => new ChangeRecord
        {
            Sequence = last - count + 1 + i,
            ResourceType = c.Change.ResourceType,
            Kind = (int)c.Change.Kind,
            Audience = (int)c.Audience,
            Time = Versions.Micros(c.Change.Time.ToDateTimeOffset()),
            Document = c.Change.ToByteArray(),
        }));
        await Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        _changes.Clear();
        LastCommittedSequence = last;
    }

    private void Write(TMessage message, TRow row)
    {
        Project(message, row);
        row.Revision = StandardFields.Value.Revision(message);
        row.Document = message.ToByteArray();
    }

    private async Task<(TRow Row, TMessage Current)> LoadForWriteAsync(string id, string etag, Action<TMessage>? guard, CancellationToken ct)
    {
        // Whatever an earlier write through this store left unsaved (it was cancelled, or refused) is not this one's.
        Forget();
        var row = await Rows.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw StoreException.NotFound(Pattern.Type, Pattern.Name(id));
        var current = Parser.ParseFrom(row.Document);
        guard?.Invoke(current);
        var currentEtag = StandardFields.Value.Etag(current);
        if (etag.Length > 0 && etag != currentEtag)
        {
            throw StoreException.EtagMismatch(Pattern.Name(id), etag, currentEtag);
        }
        return (row, current);
    }

    /// <summary>After a lost race: another attempt, whose load compares the caller's etag again, unless all were spent.</summary>
    private void ThrowUnlessRetried(string id, TMessage current, int attempt)
    {
        if (attempt >= WriteAttempts)
        {
            throw StoreException.EtagMismatch(Pattern.Name(id), StandardFields.Value.Etag(current), "(newer)");
        }
    }

    /// <summary>The id in the message's name.</summary>
    protected string IdOf(TMessage message)
    {
        var name = (string)message.Descriptor.FindFieldByName("name").Accessor.GetValue(message);
        return Pattern.TryParse(name, out var id) ? id : name;
    }

    /// <summary>The fields a write changed, in declaration order, leaving out what every write changes (revision, etag, update time and actor).</summary>
    protected static IReadOnlyList<string> Changes(TMessage? current, TMessage written) =>
        ChangedFields.Between(current, written, StandardFields.Value.Bookkeeping);

    /// <summary>The list time of a resource that has not been published or otherwise placed: its creation.</summary>
    protected static long CreatedMicros(TMessage message) => Versions.Micros(StandardFields.Value.CreateTime(message));

    private static StoreException IdTaken(string name) =>
        StoreException.AlreadyExists("ID_TAKEN", $"{name} already exists.", new Dictionary<string, string> { ["name"] = name });

    private TMessage? Parse(byte[]? document) => document is null ? null : Parser.ParseFrom(document);
}
