using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using NewsMesh.Authors.Data;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Storage.Documents;
using NewsMesh.Testing;
using Kind = NewsMesh.Contracts.Author.V1.Author.Types.Kind;
using State = NewsMesh.Contracts.Author.V1.Author.Types.State;

namespace NewsMesh.Authors.Tests;

/// <summary>Every AuthorService RPC over real gRPC, run once per storage provider.</summary>
public abstract class AuthorRpcTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AuthorServiceFixture
{
    private AuthorService.AuthorServiceClient Client => fixture.Client;

    private static string Unique(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 13)];

    private static Author NewAuthor(Kind kind = Kind.Person, string? slug = null) => new()
    {
        Slug = slug ?? Unique("author"),
        Kind = kind,
        DisplayName = "Inês Carvalho",
        Title = { ["en"] = "Business reporter", ["fr"] = "Journaliste économique" },
        ShortBio = { ["en"] = "Inês Carvalho covers markets and trade.", ["es"] = "Inês Carvalho cubre mercados y comercio." },
        LongBio = { ["en"] = "Inês Carvalho has reported on ports, shipping and trade for a decade." },
        DefaultLanguageCode = "en",
        Links = { "https://example.org/ines" },
        Staff = true,
    };

    private async Task<Author> CreateAsync(Author? author = null, string id = "") =>
        await Client.CreateAuthorAsync(new CreateAuthorRequest { Author = author ?? NewAuthor(), AuthorId = id });

    [Fact]
    public async Task CreateAuthor_WithChosenId_ActiveAndReadable()
    {
        var id = Unique("ines");
        var created = await CreateAsync(id: id);

        Assert.Equal("authors/" + id, created.Name);
        Assert.Equal(State.Active, created.State);
        Assert.Equal(1, created.Revision);
        Assert.Equal(created, await Client.GetAuthorAsync(new GetAuthorRequest { Name = created.Name }));
        Assert.Equal(created, await Client.LookupAuthorAsync(new LookupAuthorRequest { Slug = created.Slug }));
    }

    [Fact]
    public async Task CreateAuthor_SameRequestIdTwice_OneAuthor()
    {
        var request = new CreateAuthorRequest { Author = NewAuthor(), RequestId = Guid.NewGuid().ToString() };
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ => await Client.CreateAuthorAsync(request)));
        Assert.Single(results.Select(r => r.Name).Distinct());
    }

    [Fact]
    public async Task CreateAuthor_RequestIdInAnotherUuidFormat_SameAuthor()
    {
        var id = Guid.NewGuid();
        var first = await Client.CreateAuthorAsync(new CreateAuthorRequest { Author = NewAuthor(), RequestId = id.ToString("D") });
        var again = await Client.CreateAuthorAsync(new CreateAuthorRequest { Author = NewAuthor(), RequestId = id.ToString("X") });
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task CreateAuthor_LanguageKeys_StoredInCanonicalCase_ClashesRefused()
    {
        var author = NewAuthor();
        author.ShortBio.Clear();
        author.ShortBio["EN"] = "Covers markets.";
        author.ShortBio["pt-br"] = "Cobre mercados.";
        author.DefaultLanguageCode = "";

        var created = await CreateAsync(author);

        Assert.Equal(["en", "pt-BR"], created.ShortBio.Keys.Order());
        Assert.Equal("en", created.DefaultLanguageCode);
        var clash = NewAuthor();
        clash.Title["EN"] = "Reporter";
        await RpcAssert.InvalidArgument(() => Client.CreateAuthorAsync(new CreateAuthorRequest { Author = clash }).ResponseAsync, "author.title[EN]");
    }

    [Fact]
    public async Task CreateAuthor_BadFields_NamesEach()
    {
        var author = NewAuthor();
        author.Slug = "Not A Slug";
        author.Kind = Kind.Unspecified;
        author.DisplayName = "";
        author.ShortBio["english"] = "bad key";
        author.Links.Add("http://insecure.example.org");
        author.AvatarMedia = "images/1";

        await RpcAssert.InvalidArgument(
            () => Client.CreateAuthorAsync(new CreateAuthorRequest { Author = author, AuthorId = "Bad Id", RequestId = "x" }).ResponseAsync,
            "author.slug", "author.kind", "author.display_name", "author.short_bio[english]", "author.links[1]", "author.avatar_media",
            "author_id", "request_id");
    }

    [Fact]
    public async Task CreateAuthor_SlugOrIdTaken_AlreadyExists()
    {
        var first = await CreateAsync(id: Unique("first"));

        var slugTaken = await RpcAssert.FailsWith(StatusCode.AlreadyExists,
            () => Client.CreateAuthorAsync(new CreateAuthorRequest { Author = NewAuthor(slug: first.Slug) }).ResponseAsync);
        var idTaken = await RpcAssert.FailsWith(StatusCode.AlreadyExists,
            () => Client.CreateAuthorAsync(new CreateAuthorRequest { Author = NewAuthor(), AuthorId = first.Name["authors/".Length..] }).ResponseAsync);

        Assert.Equal("SLUG_TAKEN", slugTaken.GetDetail<ErrorInfo>().Reason);
        Assert.Equal("ID_TAKEN", idTaken.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public async Task BatchGetAuthors_KeepsOrderAndRepeats_MissingIsNotFoundNamingIt()
    {
        var a = await CreateAsync();
        var b = await CreateAsync(NewAuthor(Kind.WireAgency));

        var batch = await Client.BatchGetAuthorsAsync(new BatchGetAuthorsRequest { Names = { b.Name, a.Name, b.Name } });
        Assert.Equal([b.Name, a.Name, b.Name], batch.Authors.Select(x => x.Name));

        var status = await RpcAssert.FailsWith(StatusCode.NotFound,
            () => Client.BatchGetAuthorsAsync(new BatchGetAuthorsRequest { Names = { a.Name, "authors/nobody-at-all" } }).ResponseAsync);
        Assert.Equal("authors/nobody-at-all", status.GetDetail<ResourceInfo>().ResourceName);

        await RpcAssert.InvalidArgument(
            () => Client.BatchGetAuthorsAsync(new BatchGetAuthorsRequest { Names = { a.Name, "people/1" } }).ResponseAsync, "names[1]");
        await RpcAssert.InvalidArgument(
            () => Client.BatchGetAuthorsAsync(new BatchGetAuthorsRequest { Names = { Enumerable.Repeat(a.Name, 101) } }).ResponseAsync, "names");
        await RpcAssert.InvalidArgument(() => Client.BatchGetAuthorsAsync(new BatchGetAuthorsRequest()).ResponseAsync, "names");
    }

    [Fact]
    public async Task ArchivedAuthor_LeftOutOfLists_StillReadable_ArchiveTwiceHarmless()
    {
        var agency = await CreateAsync(NewAuthor(Kind.WireAgency));

        var archived = await fixture.Admin.ArchiveAuthorAsync(new ArchiveAuthorRequest { Name = agency.Name, Etag = agency.Etag });
        var again = await fixture.Admin.ArchiveAuthorAsync(new ArchiveAuthorRequest { Name = agency.Name });

        Assert.Equal(State.Archived, archived.State);
        Assert.Equal(archived, again);
        Assert.Equal(archived, await Client.GetAuthorAsync(new GetAuthorRequest { Name = agency.Name }));
        Assert.Equal(archived, (await Client.BatchGetAuthorsAsync(new BatchGetAuthorsRequest { Names = { agency.Name } })).Authors.Single());
        Assert.DoesNotContain(agency.Name, await AllNamesAsync(new ListAuthorsRequest { Kind = Kind.WireAgency }));
        Assert.Contains(agency.Name, await AllNamesAsync(new ListAuthorsRequest { State = State.Archived }));

        var active = await fixture.Admin.UnarchiveAuthorAsync(new UnarchiveAuthorRequest { Name = agency.Name });
        Assert.Equal(State.Active, active.State);
        Assert.Contains(agency.Name, await AllNamesAsync(new ListAuthorsRequest { Kind = Kind.WireAgency }));
        await RpcAssert.FailsWith(StatusCode.Aborted,
            () => fixture.Admin.ArchiveAuthorAsync(new ArchiveAuthorRequest { Name = agency.Name, Etag = agency.Etag }).ResponseAsync);
    }

    [Fact]
    public async Task ListAuthors_ByKind_PagesWithoutRepeats_RefusesForeignTokens()
    {
        var organisations = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            organisations.Add((await CreateAsync(NewAuthor(Kind.Organization))).Name);
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await Client.ListAuthorsAsync(new ListAuthorsRequest { Kind = Kind.Organization, PageSize = 2, PageToken = token });
            Assert.All(page.Authors, a => Assert.Equal(Kind.Organization, a.Kind));
            seen.AddRange(page.Authors.Select(a => a.Name));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(organisations, seen.Where(organisations.Contains));
        var first = await Client.ListAuthorsAsync(new ListAuthorsRequest { Kind = Kind.Organization, PageSize = 1 });
        await RpcAssert.InvalidArgument(() => Client.ListAuthorsAsync(new ListAuthorsRequest
        {
            Kind = Kind.Person,
            PageToken = first.NextPageToken,
        }).ResponseAsync, "page_token");
        await RpcAssert.InvalidArgument(() => Client.ListAuthorsAsync(new ListAuthorsRequest { PageSize = -1 }).ResponseAsync, "page_size");
    }

    [Fact]
    public async Task UpdateAuthor_Mask_Etag_AndFixedKind()
    {
        var created = await CreateAsync();
        var patch = new Author
        {
            Name = created.Name,
            Etag = created.Etag,
            DisplayName = "Inês M. Carvalho",
            ShortBio = { ["en"] = "Markets, trade and shipping." },
        };

        var updated = await Client.UpdateAuthorAsync(new UpdateAuthorRequest { Author = patch, UpdateMask = new FieldMask { Paths = { "display_name", "short_bio" } } });

        Assert.Equal("Inês M. Carvalho", updated.DisplayName);
        Assert.Equal(["en"], updated.ShortBio.Keys);
        Assert.Equal(created.Title, updated.Title);
        Assert.Equal(2, updated.Revision);
        await RpcAssert.FailsWith(StatusCode.Aborted,
            () => Client.UpdateAuthorAsync(new UpdateAuthorRequest { Author = patch, UpdateMask = new FieldMask { Paths = { "display_name" } } }).ResponseAsync);
        await RpcAssert.InvalidArgument(() => Client.UpdateAuthorAsync(new UpdateAuthorRequest
        {
            Author = new Author { Name = created.Name, Kind = Kind.WireAgency },
            UpdateMask = new FieldMask { Paths = { "kind" } },
        }).ResponseAsync, "update_mask");
        await RpcAssert.InvalidArgument(() => Client.UpdateAuthorAsync(new UpdateAuthorRequest
        {
            Author = new Author { Name = created.Name, DefaultLanguageCode = "de" },
            UpdateMask = new FieldMask { Paths = { "default_language_code" } },
        }).ResponseAsync, "author.default_language_code");
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client.UpdateAuthorAsync(new UpdateAuthorRequest
        {
            Author = new Author { Name = "authors/nobody-at-all", DisplayName = "x" },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        }).ResponseAsync);
    }

    /// <summary>As many concurrent writers as a write is attempted: each may lose a race to every other one and still land.</summary>
    private const int Writers = DocumentStore<Author, AuthorRecord>.WriteAttempts;

    [Fact]
    public async Task UpdateAuthor_ConcurrentWritersWithoutEtag_AllApplied()
    {
        var created = await CreateAsync();
        var updates = Enumerable.Range(0, Writers).Select(i => Client.UpdateAuthorAsync(new UpdateAuthorRequest
        {
            Author = new Author { Name = created.Name, DisplayName = $"Writer {i}" },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        }).ResponseAsync);

        var written = await Task.WhenAll(updates);

        // Each was applied to the version before it, one after another (AIP-154): as many revisions as writers.
        Assert.Equal(Enumerable.Range(2, Writers), written.Select(a => (int)a.Revision).Order());
        var stored = await Client.GetAuthorAsync(new GetAuthorRequest { Name = created.Name });
        Assert.Equal(1 + Writers, stored.Revision);
        Assert.Equal(written.MaxBy(a => a.Revision)!.DisplayName, stored.DisplayName);
    }

    [Fact]
    public async Task GetAndLookup_Missing_NotFound_BadInput_InvalidArgument()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client.GetAuthorAsync(new GetAuthorRequest { Name = "authors/nobody-at-all" }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client.LookupAuthorAsync(new LookupAuthorRequest { Slug = "nobody-at-all" }).ResponseAsync);
        await RpcAssert.InvalidArgument(() => Client.GetAuthorAsync(new GetAuthorRequest { Name = "articles/1" }).ResponseAsync, "name");
        await RpcAssert.InvalidArgument(() => Client.LookupAuthorAsync(new LookupAuthorRequest { Slug = "Not A Slug" }).ResponseAsync, "slug");
    }

    [Fact]
    public async Task JsonRoutes_ListBatchGetAndErrors()
    {
        var created = await CreateAsync();
        using var http = fixture.Host.CreateHttpClient();

        var listed = await http.GetFromJsonAsync<JsonElement>("/v1/authors?pageSize=100");
        var batch = await http.GetFromJsonAsync<JsonElement>($"/v1/authors:batchGet?names={created.Name}");
        using var missing = await http.GetAsync("/v1/authors/nobody-at-all");

        Assert.Contains(listed.GetProperty("authors").EnumerateArray(), a => a.GetProperty("name").GetString() == created.Name);
        Assert.Equal(created.Name, batch.GetProperty("authors")[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<List<string>> AllNamesAsync(ListAuthorsRequest request)
    {
        var names = new List<string>();
        do
        {
            var page = await Client.ListAuthorsAsync(request);
            names.AddRange(page.Authors.Select(a => a.Name));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return names;
    }
}

public sealed class SqliteAuthorRpcTests(SqliteAuthorServiceFixture fixture) : AuthorRpcTests<SqliteAuthorServiceFixture>(fixture);

public sealed class PostgresAuthorRpcTests(PostgresAuthorServiceFixture fixture) : AuthorRpcTests<PostgresAuthorServiceFixture>(fixture);
