using Microsoft.EntityFrameworkCore;
using NewsMesh.Aip.Paging;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Storage.Documents;
using NewsMesh.Storage.Feed;

namespace NewsMesh.Authors.Data;

/// <summary>Authors in the document store; a slug belongs to one author.</summary>
public sealed class AuthorStore(AuthorsDbContext db, TimeProvider clock)
    : DocumentStore<Author, AuthorRecord>(() => db, Resources.Author, Author.Parser, clock)
{
    /// <summary>A new active author, with the id the client chose or a new one.</summary>
    public Task<Author> CreateAsync(Author draft, string authorId, string requestId, Writer writer, CancellationToken ct)
    {
        var author = draft.Clone();
        author.State = Author.Types.State.Active;
        var id = authorId.Length > 0 ? authorId : Guid.CreateVersion7(Clock.GetUtcNow()).ToString("N");
        return InsertAsync(author, id, requestId, writer, ct);
    }

    public async Task<Author?> LookupAsync(string slug, CancellationToken ct)
    {
        var document = await Rows.AsNoTracking().Where(a => a.Slug == slug).Select(a => a.Document).FirstOrDefaultAsync(ct);
        return document is null ? null : Parser.ParseFrom(document);
    }

    /// <summary>One page in creation order, starting after <paramref name="after"/>; the cursor is set when more follow.</summary>
    public Task<(IReadOnlyList<Author> Page, ListCursor? Next)> ListAsync(int? kind, int state, ListCursor? after, int pageSize, CancellationToken ct)
    {
        var query = Rows.AsNoTracking().Where(a => a.State == state);
        if (kind is { } k)
        {
            query = query.Where(a => a.Kind == k);
        }
        return PageAsync(query, after, pageSize, newestFirst: false, ct);
    }

    protected override async Task BeforeWriteAsync(WriteKind kind, Author? current, Author proposed, Writer writer, CancellationToken ct)
    {
        if (kind != WriteKind.Delete && proposed.Slug != current?.Slug && await SlugOwnerAsync(proposed.Slug, ct) is { } owner && owner != IdOf(proposed))
        {
            throw SlugTaken(proposed.Slug);
        }
    }

    protected override async Task<StoreException> ConflictAsync(Author written, CancellationToken ct) =>
        await SlugOwnerAsync(written.Slug, ct) is { } owner && owner != IdOf(written)
            ? SlugTaken(written.Slug)
            : await base.ConflictAsync(written, ct);

    /// <summary>Authors are public: every change to one is anyone's news, and touches its pages and the author lists.</summary>
    protected override ChangeNote Note(WriteKind kind, Author? current, Author written, Writer writer) => new(
        kind switch
        {
            WriteKind.Create => ChangeKind.Created,
            WriteKind.Delete => ChangeKind.Deleted,
            _ when written.State != current?.State => written.State == Author.Types.State.Archived ? ChangeKind.Archived : ChangeKind.Restored,
            _ => ChangeKind.Updated,
        },
        [SurrogateKeys.Author(IdOf(written)), SurrogateKeys.Authors],
        ChangeAudience.Public);

    protected override void Project(Author author, AuthorRecord record)
    {
        record.Slug = author.Slug;
        record.Kind = (int)author.Kind;
        record.State = (int)author.State;
        record.ListTime = CreatedMicros(author);
    }

    private Task<string?> SlugOwnerAsync(string slug, CancellationToken ct) =>
        Rows.AsNoTracking().Where(a => a.Slug == slug).Select(a => a.Id).FirstOrDefaultAsync(ct);

    private static StoreException SlugTaken(string slug) =>
        StoreException.AlreadyExists("SLUG_TAKEN", $"The slug '{slug}' is already used by another author.",
            new Dictionary<string, string> { ["slug"] = slug });
}
