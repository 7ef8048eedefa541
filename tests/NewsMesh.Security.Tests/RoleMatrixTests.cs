using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.Testing;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Security.Tests;

/// <summary>
/// Every RPC of every service, called by every caller, straight on the service and through the gateway: one test a
/// cell. What each cell must answer is written here, by hand, from the roles table of docs/security.md; it is not
/// read from the services' own access rules, so a wrong rule there fails here.
/// </summary>
[Collection(SecurityMeshUsers.Name)]
public sealed class RoleMatrixTests(SecurityMesh fixture)
{
    private const string Ok = "OK";
    private const string Unauth = nameof(StatusCode.Unauthenticated);
    private const string Denied = nameof(StatusCode.PermissionDenied);
    private const string Missing = nameof(StatusCode.NotFound);

    // Callers, in order: anonymous, reporter, editor, admin, service, a valid token with no known role, partner.
    // Every role reads the change feeds (each told only of what it may read); anonymous callers do not.
    private static readonly string[] FeedReaders = [Unauth, Ok, Ok, Ok, Ok, Denied, Ok];

    // Webhooks send the mesh's changes anywhere: admins only.
    private static readonly string[] AdminsOnly = [Unauth, Denied, Denied, Ok, Denied, Denied, Denied];

    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["ArticleService.CreateArticle"] = [Unauth, Ok, Ok, Ok, Ok, Denied, Denied],
        ["ArticleService.GetArticle published"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["ArticleService.GetArticle draft"] = [Missing, Missing, Ok, Ok, Ok, Missing, Missing],
        ["ArticleService.GetArticle embargoed"] = [Missing, Missing, Ok, Ok, Ok, Missing, Ok],
        ["ArticleService.GetArticleNinjs published"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["ArticleService.GetArticleNinjs draft"] = [Missing, Missing, Ok, Ok, Ok, Missing, Missing],
        ["ArticleService.GetArticleNinjs embargoed"] = [Missing, Missing, Ok, Ok, Ok, Missing, Ok],
        ["ArticleService.LookupArticle published"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["ArticleService.LookupArticle draft"] = [Missing, Missing, Ok, Ok, Ok, Missing, Missing],
        ["ArticleService.LookupArticle embargoed"] = [Missing, Missing, Ok, Ok, Ok, Missing, Ok],
        ["ArticleService.ListArticles"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["ArticleService.UpdateArticle draft"] = [Unauth, Missing, Ok, Ok, Ok, Denied, Denied],
        ["ArticleService.UpdateArticle published"] = [Unauth, Denied, Ok, Ok, Ok, Denied, Denied],
        ["ArticleService.DeleteArticle"] = [Unauth, Denied, Ok, Ok, Ok, Denied, Denied],
        ["ArticleService.PublishArticle"] = [Unauth, Denied, Ok, Ok, Ok, Denied, Denied],
        ["ArticleService.UnpublishArticle"] = [Unauth, Denied, Ok, Ok, Ok, Denied, Denied],
        ["ArticleService.CorrectArticle"] = [Unauth, Denied, Ok, Ok, Ok, Denied, Denied],
        ["ArticleService.RetractArticle"] = [Unauth, Denied, Ok, Ok, Ok, Denied, Denied],
        ["ArticleService.ListArticleRevisions published"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["ArticleService.ListArticleRevisions draft"] = [Missing, Missing, Ok, Ok, Ok, Missing, Missing],
        ["ArticleService.GetArticleRevision published"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["ArticleService.GetArticleRevision draft"] = [Missing, Missing, Ok, Ok, Ok, Missing, Missing],
        ["ArticleService.RollbackArticle"] = [Unauth, Denied, Ok, Ok, Ok, Denied, Denied],
        ["ArticleService.ListChanges"] = FeedReaders,
        ["ArticleService.WatchChanges"] = FeedReaders,
        ["AuthorService.CreateAuthor"] = [Unauth, Denied, Ok, Ok, Ok, Denied, Denied],
        ["AuthorService.GetAuthor"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["AuthorService.BatchGetAuthors"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["AuthorService.LookupAuthor"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["AuthorService.ListAuthors"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["AuthorService.UpdateAuthor"] = [Unauth, Denied, Ok, Ok, Ok, Denied, Denied],
        ["AuthorService.ArchiveAuthor"] = [Unauth, Denied, Denied, Ok, Denied, Denied, Denied],
        ["AuthorService.UnarchiveAuthor"] = [Unauth, Denied, Denied, Ok, Denied, Denied, Denied],
        ["AuthorService.ListChanges"] = FeedReaders,
        ["AuthorService.WatchChanges"] = FeedReaders,
        ["MediaService.UploadMedia"] = [Unauth, Ok, Ok, Ok, Ok, Denied, Denied],
        ["MediaService.GetMedia"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["MediaService.BatchGetMedia"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["MediaService.ListMedia"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["MediaService.UpdateMedia"] = [Unauth, Denied, Ok, Ok, Ok, Denied, Denied],
        ["MediaService.DeleteMedia"] = [Unauth, Denied, Denied, Ok, Denied, Denied, Denied],
        ["MediaService.ListChanges"] = FeedReaders,
        ["MediaService.WatchChanges"] = FeedReaders,
        // Anyone searches, and finds what it may read (the search tests check what each finds).
        ["SearchService.SearchArticles"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["SearchService.SearchArticles state"] = [Unauth, Denied, Ok, Ok, Ok, Denied, Denied],
        ["SearchService.RebuildIndex"] = AdminsOnly,
        ["WebhookService.CreateSubscription"] = AdminsOnly,
        ["WebhookService.GetSubscription"] = AdminsOnly,
        ["WebhookService.ListSubscriptions"] = AdminsOnly,
        ["WebhookService.UpdateSubscription"] = AdminsOnly,
        ["WebhookService.DeleteSubscription"] = AdminsOnly,
        ["WebhookService.ResumeSubscription"] = AdminsOnly,
        ["WebhookService.ListDeliveries"] = AdminsOnly,
        // No delivery is made here: an admin is let in, and told there is no such delivery.
        ["WebhookService.RedeliverDelivery"] = [Unauth, Denied, Denied, Missing, Denied, Denied, Denied],
        ["PageService.GetArticlePage published"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["PageService.GetArticlePage draft"] = [Missing, Missing, Ok, Ok, Ok, Missing, Missing],
        ["PageService.GetArticlePage embargoed"] = [Missing, Missing, Ok, Ok, Ok, Missing, Ok],
        // Only what the caller may read can be previewed: the draft is an editor's.
        ["PageService.CreateArticlePreview draft"] = [Unauth, Missing, Ok, Ok, Ok, Denied, Denied],
        ["PageService.CreateArticlePreview published"] = [Unauth, Ok, Ok, Ok, Ok, Denied, Denied],
        // The link is the credential: whoever holds it reads the draft.
        ["PageService.GetArticlePreview"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok],
    };

    public static TheoryData<string, string, string> Cells()
    {
        var cells = new TheoryData<string, string, string>();
        foreach (var rpc in Expected.Keys)
        {
            // The page service lives in the gateway: there is no other way to it.
            string[] paths = rpc.StartsWith("PageService.", StringComparison.Ordinal)
                ? [SecurityMesh.ThroughGateway]
                : [SecurityMesh.Direct, SecurityMesh.ThroughGateway];
            foreach (var caller in SecurityMesh.Callers)
            {
                foreach (var path in paths)
                {
                    cells.Add(rpc, caller, path);
                }
            }
        }
        return cells;
    }

    [Fact]
    public void Matrix_NamesEveryRpcOfEveryService()
    {
        var rpcs = new[] { ArticleService.Descriptor, AuthorService.Descriptor, MediaService.Descriptor, SearchService.Descriptor, WebhookService.Descriptor, PageService.Descriptor }
            .SelectMany(s => s.Methods.Select(m => $"{s.Name}.{m.Name}"))
            .ToHashSet();
        var rows = Expected.Keys.Select(k => k.Split(' ')[0]).ToHashSet();

        Assert.Equal(rpcs.Order(), rows.Order());
        Assert.All(Expected.Values, row => Assert.Equal(SecurityMesh.Callers.Length, row.Length));
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Rpc_Caller_AnswersAsTheRolesTableSays(string rpc, string caller, string path)
    {
        var expected = Expected[rpc][Array.IndexOf(SecurityMesh.Callers, caller)];

        var outcome = await OutcomeAsync(() => CallAsync(rpc, service => fixture.Channel(caller, path, service)));

        Assert.Equal(expected, outcome);
    }

    private static async Task<string> OutcomeAsync(Func<Task> call)
    {
        try
        {
            await call();
            return Ok;
        }
        catch (RpcException e)
        {
            return e.StatusCode.ToString();
        }
    }

    /// <summary>Makes what the call needs (as an editor, straight on the service), then makes the call as the caller.</summary>
    private async Task CallAsync(string rpc, Func<string, GrpcChannel> channel)
    {
        var articles = new ArticleService.ArticleServiceClient(channel("articles"));
        var authors = new AuthorService.AuthorServiceClient(channel("authors"));
        var media = new MediaService.MediaServiceClient(channel("media"));
        var pages = new PageService.PageServiceClient(channel("pages"));
        var webhooks = new WebhookService.WebhookServiceClient(channel("webhooks"));
        var search = new SearchService.SearchServiceClient(channel("search"));
        switch (rpc)
        {
            case "ArticleService.CreateArticle":
                await articles.CreateArticleAsync(new CreateArticleRequest { Article = SecurityMesh.NewArticle() });
                break;
            case "ArticleService.GetArticle published":
                await articles.GetArticleAsync(new GetArticleRequest { Name = (await fixture.PublishedAsync()).Name });
                break;
            case "ArticleService.GetArticle draft":
                await articles.GetArticleAsync(new GetArticleRequest { Name = (await fixture.DraftAsync()).Name });
                break;
            case "ArticleService.GetArticle embargoed":
                await articles.GetArticleAsync(new GetArticleRequest { Name = (await fixture.EmbargoedAsync()).Name });
                break;
            case "ArticleService.GetArticleNinjs published":
                await articles.GetArticleNinjsAsync(new GetArticleNinjsRequest { Name = (await fixture.PublishedAsync()).Name });
                break;
            case "ArticleService.GetArticleNinjs draft":
                await articles.GetArticleNinjsAsync(new GetArticleNinjsRequest { Name = (await fixture.DraftAsync()).Name });
                break;
            case "ArticleService.GetArticleNinjs embargoed":
                await articles.GetArticleNinjsAsync(new GetArticleNinjsRequest { Name = (await fixture.EmbargoedAsync()).Name });
                break;
            case "ArticleService.LookupArticle embargoed":
                await articles.LookupArticleAsync(new LookupArticleRequest { Slug = (await fixture.EmbargoedAsync()).Slug, LanguageCode = "en" });
                break;
            case "ArticleService.ListArticleRevisions published":
                await articles.ListArticleRevisionsAsync(new ListArticleRevisionsRequest { Parent = (await fixture.PublishedAsync()).Name });
                break;
            case "ArticleService.ListArticleRevisions draft":
                await articles.ListArticleRevisionsAsync(new ListArticleRevisionsRequest { Parent = (await fixture.DraftAsync()).Name });
                break;
            case "ArticleService.GetArticleRevision published":
                await articles.GetArticleRevisionAsync(new GetArticleRevisionRequest { Name = (await fixture.PublishedAsync()).Name + "/revisions/2" });
                break;
            case "ArticleService.GetArticleRevision draft":
                await articles.GetArticleRevisionAsync(new GetArticleRevisionRequest { Name = (await fixture.DraftAsync()).Name + "/revisions/1" });
                break;
            case "ArticleService.RollbackArticle":
                var twice = await fixture.EditorArticles.UpdateArticleAsync(Headline((await fixture.PublishedAsync()).Name));
                await articles.RollbackArticleAsync(new RollbackArticleRequest { Name = twice.Name, Revision = 2, Etag = twice.Etag });
                break;
            case "ArticleService.LookupArticle published":
                await articles.LookupArticleAsync(new LookupArticleRequest { Slug = (await fixture.PublishedAsync()).Slug, LanguageCode = "en" });
                break;
            case "ArticleService.LookupArticle draft":
                await articles.LookupArticleAsync(new LookupArticleRequest { Slug = (await fixture.DraftAsync()).Slug, LanguageCode = "en" });
                break;
            case "ArticleService.ListArticles":
                await articles.ListArticlesAsync(new ListArticlesRequest { Section = "security" });
                break;
            case "ArticleService.UpdateArticle draft":
                await articles.UpdateArticleAsync(Headline((await fixture.DraftAsync()).Name));
                break;
            case "ArticleService.UpdateArticle published":
                await articles.UpdateArticleAsync(Headline((await fixture.PublishedAsync()).Name));
                break;
            case "ArticleService.DeleteArticle":
                await articles.DeleteArticleAsync(new DeleteArticleRequest { Name = (await fixture.DraftAsync()).Name });
                break;
            case "ArticleService.PublishArticle":
                await articles.PublishArticleAsync(new PublishArticleRequest { Name = (await fixture.DraftAsync()).Name });
                break;
            case "ArticleService.UnpublishArticle":
                await articles.UnpublishArticleAsync(new UnpublishArticleRequest { Name = (await fixture.PublishedAsync()).Name });
                break;
            case "ArticleService.CorrectArticle":
                await articles.CorrectArticleAsync(new CorrectArticleRequest
                {
                    Name = (await fixture.PublishedAsync()).Name, Type = Correction.Types.Type.Correction, Text = "Fixed.",
                    Article = new Article { Headline = "A headline the correction fixed" }, UpdateMask = FieldMask.FromString("headline"),
                });
                break;
            case "ArticleService.RetractArticle":
                await articles.RetractArticleAsync(new RetractArticleRequest { Name = (await fixture.PublishedAsync()).Name, Reason = "Withdrawn." });
                break;
            case "AuthorService.CreateAuthor":
                var id = SecurityMesh.Unique("author");
                await authors.CreateAuthorAsync(new CreateAuthorRequest
                {
                    AuthorId = id, Author = new Author { Slug = id, Kind = Author.Types.Kind.Person, DisplayName = "New Person" },
                });
                break;
            case "AuthorService.GetAuthor":
                await authors.GetAuthorAsync(new GetAuthorRequest { Name = (await fixture.AuthorAsync()).Name });
                break;
            case "AuthorService.BatchGetAuthors":
                await authors.BatchGetAuthorsAsync(new BatchGetAuthorsRequest { Names = { (await fixture.AuthorAsync()).Name } });
                break;
            case "AuthorService.LookupAuthor":
                await authors.LookupAuthorAsync(new LookupAuthorRequest { Slug = (await fixture.AuthorAsync()).Slug });
                break;
            case "AuthorService.ListAuthors":
                await authors.ListAuthorsAsync(new ListAuthorsRequest());
                break;
            case "AuthorService.UpdateAuthor":
                await authors.UpdateAuthorAsync(new UpdateAuthorRequest
                {
                    Author = new Author { Name = (await fixture.AuthorAsync()).Name, DisplayName = "Renamed Person" },
                    UpdateMask = FieldMask.FromString("display_name"),
                });
                break;
            case "ArticleService.ListChanges":
                await articles.ListChangesAsync(new ListChangesRequest());
                break;
            case "ArticleService.WatchChanges":
                await WatchAsync(articles.WatchChanges(new WatchChangesRequest()));
                break;
            case "AuthorService.ListChanges":
                await authors.ListChangesAsync(new ListChangesRequest());
                break;
            case "AuthorService.WatchChanges":
                await WatchAsync(authors.WatchChanges(new WatchChangesRequest()));
                break;
            case "MediaService.ListChanges":
                await media.ListChangesAsync(new ListChangesRequest());
                break;
            case "MediaService.WatchChanges":
                await WatchAsync(media.WatchChanges(new WatchChangesRequest()));
                break;
            case "AuthorService.ArchiveAuthor":
                await authors.ArchiveAuthorAsync(new ArchiveAuthorRequest { Name = (await fixture.AuthorAsync()).Name });
                break;
            case "AuthorService.UnarchiveAuthor":
                var archived = await fixture.AuthorAsync();
                using (var admin = fixture.Mesh.Authors.ChannelWith(TestIdentity.Shared.TokenFor("admin")))
                {
                    await new AuthorService.AuthorServiceClient(admin).ArchiveAuthorAsync(new ArchiveAuthorRequest { Name = archived.Name });
                }
                await authors.UnarchiveAuthorAsync(new UnarchiveAuthorRequest { Name = archived.Name });
                break;
            case "MediaService.UploadMedia":
                await GatewayMesh.UploadAsync(media, "", TestPng.Solid(16, 9, 1, 2, 3), new MediaResource { Credit = "Test", AltText = "A test image." });
                break;
            case "MediaService.GetMedia":
                await media.GetMediaAsync(new GetMediaRequest { Name = (await fixture.MediaAsync()).Name });
                break;
            case "MediaService.BatchGetMedia":
                await media.BatchGetMediaAsync(new BatchGetMediaRequest { Names = { (await fixture.MediaAsync()).Name } });
                break;
            case "MediaService.ListMedia":
                await media.ListMediaAsync(new ListMediaRequest());
                break;
            case "MediaService.UpdateMedia":
                await media.UpdateMediaAsync(new UpdateMediaRequest
                {
                    Media = new MediaResource { Name = (await fixture.MediaAsync()).Name, Caption = "A new caption." },
                    UpdateMask = FieldMask.FromString("caption"),
                });
                break;
            case "MediaService.DeleteMedia":
                await media.DeleteMediaAsync(new DeleteMediaRequest { Name = (await fixture.MediaAsync()).Name });
                break;
            case "SearchService.SearchArticles":
                await search.SearchArticlesAsync(new SearchArticlesRequest { Query = "matrix" });
                break;
            case "SearchService.SearchArticles state":
                await search.SearchArticlesAsync(new SearchArticlesRequest { Query = "matrix", State = Article.Types.State.Draft });
                break;
            case "SearchService.RebuildIndex":
                using (var rebuild = search.RebuildIndex(new RebuildIndexRequest()))
                {
                    while (await rebuild.ResponseStream.MoveNext(CancellationToken.None))
                    {
                    }
                }
                break;
            case "WebhookService.CreateSubscription":
                await webhooks.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = SecurityMesh.NewSubscription() });
                break;
            case "WebhookService.GetSubscription":
                await webhooks.GetSubscriptionAsync(new GetSubscriptionRequest { Name = (await fixture.SubscriptionAsync()).Name });
                break;
            case "WebhookService.ListSubscriptions":
                await webhooks.ListSubscriptionsAsync(new ListSubscriptionsRequest());
                break;
            case "WebhookService.UpdateSubscription":
                await webhooks.UpdateSubscriptionAsync(new UpdateSubscriptionRequest
                {
                    Subscription = new Subscription { Name = (await fixture.SubscriptionAsync()).Name, Description = "Renamed." },
                    UpdateMask = FieldMask.FromString("description"),
                });
                break;
            case "WebhookService.DeleteSubscription":
                await webhooks.DeleteSubscriptionAsync(new DeleteSubscriptionRequest { Name = (await fixture.SubscriptionAsync()).Name });
                break;
            case "WebhookService.ResumeSubscription":
                await webhooks.ResumeSubscriptionAsync(new ResumeSubscriptionRequest { Name = (await fixture.SubscriptionAsync()).Name });
                break;
            case "WebhookService.ListDeliveries":
                await webhooks.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = (await fixture.SubscriptionAsync()).Name });
                break;
            case "WebhookService.RedeliverDelivery":
                await webhooks.RedeliverDeliveryAsync(new RedeliverDeliveryRequest { Name = (await fixture.SubscriptionAsync()).Name + "/deliveries/1" });
                break;
            case "PageService.GetArticlePage published":
                await pages.GetArticlePageAsync(new GetArticlePageRequest { Slug = (await fixture.PublishedAsync()).Slug, Lang = "en" });
                break;
            case "PageService.GetArticlePage embargoed":
                await pages.GetArticlePageAsync(new GetArticlePageRequest { Slug = (await fixture.EmbargoedAsync()).Slug, Lang = "en" });
                break;
            case "PageService.CreateArticlePreview draft":
                await pages.CreateArticlePreviewAsync(new CreateArticlePreviewRequest { Article = (await fixture.DraftAsync()).Name });
                break;
            case "PageService.CreateArticlePreview published":
                await pages.CreateArticlePreviewAsync(new CreateArticlePreviewRequest { Article = (await fixture.PublishedAsync()).Name });
                break;
            case "PageService.GetArticlePreview":
                var link = await new PageService.PageServiceClient(fixture.Mesh.Grpc(GatewayMesh.Editor))
                    .CreateArticlePreviewAsync(new CreateArticlePreviewRequest { Article = (await fixture.DraftAsync()).Name });
                await pages.GetArticlePreviewAsync(new GetArticlePreviewRequest { Token = link.Token });
                break;
            case "PageService.GetArticlePage draft":
                await pages.GetArticlePageAsync(new GetArticlePageRequest { Slug = (await fixture.DraftAsync()).Slug, Lang = "en" });
                break;
            default:
                throw new InvalidOperationException("No call for " + rpc);
        }
    }

    private static UpdateArticleRequest Headline(string name) => new()
    {
        Article = new Article { Name = name, Headline = "A headline changed by the access tests" },
        UpdateMask = FieldMask.FromString("headline"),
    };

    /// <summary>A watch is under way once its headers say where it starts; a refusal ends the call instead.</summary>
    private static async Task WatchAsync(AsyncServerStreamingCall<WatchChangesResponse> watch)
    {
        using (watch)
        {
            if ((await watch.ResponseHeadersAsync).Get("newsmesh-feed-start") is null)
            {
                await watch.ResponseStream.MoveNext();
            }
        }
    }
}
