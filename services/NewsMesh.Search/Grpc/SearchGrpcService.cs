using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using NewsMesh.Aip.Paging;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Search.Domain;
using NewsMesh.Search.Indexing;
using NewsMesh.Search.Querying;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Search.Grpc;

/// <summary>
/// Translates SearchService calls. Answers are never marked public for shared caches: what a search finds changes
/// within a second of a publication or an unpublication, which no cache's lifetime could follow.
/// </summary>
public sealed class SearchGrpcService(ArticleSearch search, ArticleIndexer indexer, PageTokens pageTokens) : SearchService.SearchServiceBase
{
    public override Task<SearchArticlesResponse> SearchArticles(SearchArticlesRequest request, ServerCallContext context)
    {
        var (terms, size, violations) = SearchRequestRules.Check(request);
        var caller = context.GetHttpContext().GetCaller();
        // The token is bound to the request and to who asked: a page of an editor's search is not a reader's.
        var fingerprint = Fingerprint(request, caller);
        var offset = 0;
        if (request.PageToken.Length > 0)
        {
            if (pageTokens.Read(request.PageToken, fingerprint) is { } cursor)
            {
                offset = (int)cursor.ListTime;
            }
            else
            {
                violations.Add(new("page_token", "was not issued by this service for this search; start again without it"));
            }
        }
        RpcErrors.ThrowIfAny(violations);
        if (SearchRequestRules.FiltersByState(request) && !caller.IsAuthenticated)
        {
            RpcErrors.ThrowUnauthenticated("Searching by state needs a bearer token with the role editor, admin or service.");
        }
        if (SearchRequestRules.FiltersByState(request) && !caller.SeesEveryState)
        {
            RpcErrors.ThrowPermissionDenied("Only editors, admins and the mesh's services may search by state.",
                new Dictionary<string, string> { ["field"] = "state" });
        }
        var viewer = new SearchViewer(caller.SeesEveryState, caller.Has(Access.Reporter) ? caller.Subject : "");
        var page = search.Search(request, terms, viewer, offset, size);
        if (page.HasMore)
        {
            page.Response.NextPageToken = pageTokens.Issue(new ListCursor(offset + size, (offset + size).ToString(CultureInfo.InvariantCulture)), fingerprint);
        }
        return Task.FromResult(page.Response);
    }

    public override async Task RebuildIndex(RebuildIndexRequest request, IServerStreamWriter<RebuildIndexResponse> responseStream, ServerCallContext context)
    {
        // The progress is sent beside the rebuild, never from inside it: a caller that reads slowly must not hold up the index.
        var indexed = 0L;
        var rebuild = indexer.RebuildAsync(count =>
        {
            Interlocked.Exchange(ref indexed, count);
            return Task.CompletedTask;
        }, context.CancellationToken);
        var reported = 0L;
        while (await Task.WhenAny(rebuild, Task.Delay(ProgressInterval, context.CancellationToken)) != rebuild)
        {
            if (Interlocked.Read(ref indexed) is var now && now != reported)
            {
                reported = now;
                await responseStream.WriteAsync(new RebuildIndexResponse { ArticlesIndexed = now });
            }
        }
        var rebuilt = await rebuild;
        await responseStream.WriteAsync(new RebuildIndexResponse { ArticlesIndexed = rebuilt.Count, Done = true });
    }

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private static string Fingerprint(SearchArticlesRequest request, Caller caller)
    {
        var search = request.Clone();
        search.PageToken = "";
        search.PageSize = 0;
        return caller.Role + "|" + caller.Subject + "|" + search.ToByteString().ToBase64();
    }
}
