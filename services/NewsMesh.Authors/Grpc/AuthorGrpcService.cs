using Grpc.Core;
using NewsMesh.Contracts;
using NewsMesh.Aip;
using NewsMesh.Aip.Fields;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Paging;
using NewsMesh.Aip.Text;
using NewsMesh.Authors.Data;
using NewsMesh.Authors.Domain;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.Storage.Documents;
using NewsMesh.Storage.Feed;
using NewsMesh.ServiceDefaults.Http;
using NewsMesh.ServiceDefaults.Identity;
using State = NewsMesh.Contracts.Author.V1.Author.Types.State;

namespace NewsMesh.Authors.Grpc;

/// <summary>Translates AuthorService calls into domain checks and store operations. Every author is public, and says so to caches.</summary>
public sealed class AuthorGrpcService(AuthorStore store, PageTokens pageTokens, ChangeFeed feed) : AuthorService.AuthorServiceBase
{
    public override Task<ListChangesResponse> ListChanges(ListChangesRequest request, ServerCallContext context) => feed.ListAsync(request, context);

    public override Task WatchChanges(WatchChangesRequest request, IServerStreamWriter<WatchChangesResponse> responseStream, ServerCallContext context) =>
        feed.WatchAsync(request, responseStream, context);

    public override async Task<Author> CreateAuthor(CreateAuthorRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.Author is null)
        {
            violations.Add(new FieldViolation("author", "is required"));
        }
        else
        {
            violations.AddRange(FieldBehaviors.Of(Author.Descriptor).OutputOnlySetIn(request.Author, "author."));
            violations.AddRange(AuthorValidator.Validate(request.Author));
        }
        if (request.AuthorId.Length > 0 && !AuthorRules.IsAuthorId(request.AuthorId))
        {
            violations.Add(new FieldViolation("author_id", "must be 1 to 64 lower-case letters, digits and hyphens"));
        }
        var requestId = RequestIds.Read(request.RequestId, "request_id", violations);
        RpcErrors.ThrowIfAny(violations);
        return await store.CreateAsync(AuthorRules.Canonical(request.Author!), request.AuthorId, requestId, Writer.Of(context), context.CancellationToken);
    }

    public override async Task<Author> GetAuthor(GetAuthorRequest request, ServerCallContext context)
    {
        var author = await store.GetExistingAsync(RpcErrors.ParseName(request.Name, Resources.Author, "name"), context.CancellationToken);
        SharedCache.AllowPublic(context, null, [SurrogateKeys.Author(IdOf(author))]);
        return author;
    }

    public override async Task<BatchGetAuthorsResponse> BatchGetAuthors(BatchGetAuthorsRequest request, ServerCallContext context)
    {
        var (ids, violations) = Resources.Author.ParseBatch(request.Names, AuthorLimits.BatchMax);
        RpcErrors.ThrowIfAny(violations);

        var found = await store.BatchGetAsync(ids, context.CancellationToken);
        SharedCache.AllowPublic(context, null, ids.Select(SurrogateKeys.Author));
        return new BatchGetAuthorsResponse { Authors = { found } };
    }

    public override async Task<Author> LookupAuthor(LookupAuthorRequest request, ServerCallContext context)
    {
        if (!TextRules.IsSlug(request.Slug))
        {
            RpcErrors.ThrowInvalidArgument("slug", "must be a slug such as lena-marsh");
        }
        var author = await store.LookupAsync(request.Slug, context.CancellationToken);
        if (author is null)
        {
            RpcErrors.ThrowNotFound(Resources.Author.Type, $"authors:lookup?slug={request.Slug}");
        }
        SharedCache.AllowPublic(context, null, [SurrogateKeys.Author(IdOf(author))]);
        return author;
    }

    public override async Task<ListAuthorsResponse> ListAuthors(ListAuthorsRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (!Enum.IsDefined(request.Kind))
        {
            violations.Add(new FieldViolation("kind", "is not a known kind"));
        }
        if (!Enum.IsDefined(request.State))
        {
            violations.Add(new FieldViolation("state", "is not a known state"));
        }
        int? kind = request.Kind == Author.Types.Kind.Unspecified ? null : (int)request.Kind;
        var state = (int)(request.State == State.Unspecified ? State.Active : request.State);
        var filter = $"kind={kind}&state={state}";
        var page = PageRequest.Read(request.PageSize, request.PageToken, filter, pageTokens, violations);
        RpcErrors.ThrowIfAny(violations);

        var (authors, next) = await store.ListAsync(kind, state, page.After, page.Size, context.CancellationToken);
        var response = new ListAuthorsResponse { NextPageToken = pageTokens.Next(next, filter) };
        response.Authors.AddRange(authors);
        SharedCache.AllowPublic(context, null, [SurrogateKeys.Authors]);
        return response;
    }

    public override async Task<Author> UpdateAuthor(UpdateAuthorRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var (id, paths) = UpdateRequest.Read(request.Author, request.UpdateMask, Resources.Author, "author", violations);
        RpcErrors.ThrowIfAny(violations);
        return await store.ModifyAsync(id, request.Author.Etag, Writer.Of(context), current =>
        {
            var next = UpdateMasks.Apply(current, request.Author, paths);
            RpcErrors.ThrowIfAny(AuthorValidator.Validate(next));
            return AuthorRules.Canonical(next);
        }, context.CancellationToken);
    }

    public override async Task<Author> ArchiveAuthor(ArchiveAuthorRequest request, ServerCallContext context) =>
        await store.ModifyAsync(RpcErrors.ParseName(request.Name, Resources.Author, "name"), request.Etag, Writer.Of(context),
            current => AuthorRules.MoveTo(current, State.Archived), context.CancellationToken);

    public override async Task<Author> UnarchiveAuthor(UnarchiveAuthorRequest request, ServerCallContext context) =>
        await store.ModifyAsync(RpcErrors.ParseName(request.Name, Resources.Author, "name"), request.Etag, Writer.Of(context),
            current => AuthorRules.MoveTo(current, State.Active), context.CancellationToken);


    private static string IdOf(Author author) => Resources.Author.TryParse(author.Name, out var id) ? id : author.Name;
}
