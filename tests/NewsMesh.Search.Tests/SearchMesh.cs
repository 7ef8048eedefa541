using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Testing;

namespace NewsMesh.Search.Tests;

/// <summary>
/// The author, article and search services as real processes, the search service following the other two's feeds
/// on an index of its own. Tests share it and tell their articles apart by words of their own (<see cref="Word"/>).
/// </summary>
public sealed class SearchMesh : IAsyncLifetime
{
    /// <summary>How long a test waits for the index to follow a change: the promise is 2 s, a loaded machine is given more.</summary>
    public static readonly TimeSpan FollowTimeout = TimeSpan.FromSeconds(10);

    public ServiceProcess Authors { get; private set; } = null!;
    public ServiceProcess Articles { get; private set; } = null!;
    public ServiceProcess Search { get; private set; } = null!;
    public string IndexData { get; private set; } = null!;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, global::Grpc.Net.Client.GrpcChannel> _channels = new();

    public ArticleService.ArticleServiceClient Editor => new(Articles.Channel);

    public async Task InitializeAsync()
    {
        Authors = await ServiceProcess.StartWithOwnDataAsync("authors");
        Articles = await ServiceProcess.StartWithOwnDataAsync("articles", "Articles:AuthorsAddress=" + Authors.GrpcAddress);
        IndexData = Directory.CreateTempSubdirectory("newsmesh-search-index-").FullName;
        Search = await StartSearchAsync(IndexData);
        await new AuthorService.AuthorServiceClient(Authors.Channel).CreateAuthorAsync(new CreateAuthorRequest
        {
            AuthorId = "noor-halvorsen",
            Author = new Author { Slug = "noor-halvorsen", Kind = Author.Types.Kind.Person, DisplayName = "Noor Halvorsen", DefaultLanguageCode = "en" },
        });
    }

    /// <summary>A search service on <paramref name="data"/>, following this mesh; the caller stops it.</summary>
    public Task<ServiceProcess> StartSearchAsync(string data) => ServiceProcess.StartAsync("search",
        "Storage:DataDirectory=" + data, "Search:ArticlesAddress=" + Articles.GrpcAddress, "Search:AuthorsAddress=" + Authors.GrpcAddress);

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
        await Search.DisposeAsync();
        await Articles.DisposeAsync();
        await Authors.DisposeAsync();
        Directory.Delete(IndexData, recursive: true);
    }

    /// <summary>A word no other article has: what a test searches for to find only its own.</summary>
    public static string Word() => "zq" + Guid.NewGuid().ToString("N")[..10];

    public SearchService.SearchServiceClient SearchAs(string? token) => new(_channels.GetOrAdd(token ?? "", _ => Search.ChannelWith(token)));

    public static string Token(string role, string? subject = null) =>
        subject is null ? TestIdentity.Shared.TokenFor(role) : TestIdentity.Shared.Token(subject, role);

    /// <summary>Creates an article (a draft, by an editor unless <paramref name="client"/> says otherwise).</summary>
    public async Task<Article> DraftAsync(string headline, string body, string language = "en", string section = "world",
        ArticleService.ArticleServiceClient? client = null, params string[] subjects)
    {
        var article = new Article
        {
            Slug = "search-" + Guid.NewGuid().ToString("N")[..16],
            LanguageCode = language,
            Section = section,
            Headline = headline,
            Summary = "A story written for the search tests.",
            Body = { new Block { Paragraph = new Paragraph { Text = body } } },
            Subjects = { subjects },
        };
        return await (client ?? Editor).CreateArticleAsync(new CreateArticleRequest { Article = article });
    }

    public async Task<Article> PublishedAsync(string headline, string body, string language = "en", string section = "world", params string[] subjects)
    {
        var draft = await DraftAsync(headline, body, language, section, null, subjects);
        return await Editor.PublishArticleAsync(new PublishArticleRequest { Name = draft.Name });
    }

    public async Task<Article> PublishedAtAsync(string headline, string body, DateTimeOffset at, string language = "en")
    {
        var draft = await DraftAsync(headline, body, language);
        return await Editor.PublishArticleAsync(new PublishArticleRequest { Name = draft.Name, PublishTime = Timestamp.FromDateTimeOffset(at) });
    }

    /// <summary>Searches as <paramref name="token"/> (null: anonymous) until <paramref name="done"/> holds; the last answer and how long it took.</summary>
    public async Task<(SearchArticlesResponse Answer, TimeSpan Took)> UntilAsync(SearchArticlesRequest request, Func<SearchArticlesResponse, bool> done,
        string? token = null, TimeSpan? timeout = null)
    {
        var client = SearchAs(token);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await client.SearchArticlesAsync(request);
            if (done(answer))
            {
                return (answer, clock.Elapsed);
            }
            Assert.True(clock.Elapsed < (timeout ?? FollowTimeout), $"The search for '{request.Query}' did not come to what was awaited within {(timeout ?? FollowTimeout).TotalSeconds} s; it found {answer.TotalSize}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Whether the answer holds <paramref name="article"/>.</summary>
    public static bool Finds(SearchArticlesResponse answer, Article article) => answer.Hits.Any(h => h.Article == article.Name);
}

[CollectionDefinition(Name)]
public sealed class SearchMeshUsers : ICollectionFixture<SearchMesh>
{
    public const string Name = "search mesh";
}
