using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.Testing;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Security.Tests;

[CollectionDefinition(Name)]
public sealed class SecurityMeshUsers : ICollectionFixture<SecurityMesh>
{
    public const string Name = "security mesh";
}

/// <summary>
/// One mesh for every security test (the gateway in front of the three services, as processes), the callers that
/// the tests play, and fresh resources made by an editor straight on the services, so that each test owns what it
/// changes. The rate limits are out of the way here; their own tests start gateways of their own.
/// </summary>
public sealed class SecurityMesh : IAsyncLifetime
{
    /// <summary>Who calls: no token, each newsroom role, a valid token whose only role means nothing to the mesh, and a syndication partner.</summary>
    public static readonly string[] Callers = ["anonymous", "reporter", "editor", "admin", "service", "no-role", "partner"];

    public const string Direct = "direct";
    public const string ThroughGateway = "gateway";

    private readonly Dictionary<(string Caller, string Address), GrpcChannel> _channels = [];

    public GatewayMesh Mesh { get; private set; } = null!;

    public async Task InitializeAsync() => Mesh = await GatewayMesh.StartAsync(
        "Gateway:RateLimitPerSecond=100000", "Gateway:RateLimitBurst=100000",
        "Gateway:WriteRateLimitPerSecond=100000", "Gateway:WriteRateLimitBurst=100000");

    public Task DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
        return Mesh.DisposeAsync();
    }

    /// <summary>The token <paramref name="caller"/> sends; null for anonymous.</summary>
    public static string? TokenOf(string caller) => caller switch
    {
        "anonymous" => null,
        "no-role" => TestIdentity.Shared.Token("test-no-role", "partner-of-nobody"),
        _ => TestIdentity.Shared.TokenFor(caller),
    };

    /// <summary>A channel for <paramref name="caller"/> to <paramref name="service"/>, straight or through the gateway.</summary>
    public GrpcChannel Channel(string caller, string path, string service)
    {
        var address = path == ThroughGateway
            ? $"http://127.0.0.1:{Mesh.Gateway.GrpcPort}"
            : service switch
            {
                "articles" => Mesh.Articles.GrpcAddress,
                "authors" => Mesh.Authors.GrpcAddress,
                "media" => Mesh.Media.GrpcAddress,
                "webhooks" => Mesh.Webhooks.GrpcAddress,
                "search" => Mesh.Search.GrpcAddress,
                _ => $"http://127.0.0.1:{Mesh.Gateway.GrpcPort}",
            };
        lock (_channels)
        {
            if (!_channels.TryGetValue((caller, address), out var channel))
            {
                channel = TestIdentity.Channel(address, TokenOf(caller));
                _channels[(caller, address)] = channel;
            }
            return channel;
        }
    }

    public ArticleService.ArticleServiceClient EditorArticles => new(Mesh.Articles.Channel);

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 21)];

    public static Article NewArticle(string section = "security") => new()
    {
        Slug = Unique("story"),
        LanguageCode = "en",
        Section = section,
        Headline = "A story for the access tests",
        Body = { new Block { Paragraph = new Paragraph { Text = "Made by the security tests." } } },
    };

    /// <summary>A draft an editor created: nobody else's own.</summary>
    public async Task<Article> DraftAsync() => await EditorArticles.CreateArticleAsync(new CreateArticleRequest { Article = NewArticle() });

    public async Task<Article> PublishedAsync() =>
        await EditorArticles.PublishArticleAsync(new PublishArticleRequest { Name = (await DraftAsync()).Name });

    /// <summary>A story scheduled for an hour from now, under embargo until then.</summary>
    public async Task<Article> EmbargoedAsync()
    {
        var embargo = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1));
        var article = NewArticle();
        article.EmbargoTime = embargo;
        var draft = await EditorArticles.CreateArticleAsync(new CreateArticleRequest { Article = article });
        return await EditorArticles.PublishArticleAsync(new PublishArticleRequest { Name = draft.Name, PublishTime = embargo });
    }

    /// <summary>
    /// A subscription to a documentation address (TEST-NET-3): accepted as a public target without a DNS lookup, and
    /// never answering, which nothing here waits for.
    /// </summary>
    public static Subscription NewSubscription() => new()
    {
        Url = "https://203.0.113.7/hooks/newsmesh",
        Description = "Made by the security tests.",
        Kinds = { ChangeKind.Retracted },
    };

    public async Task<Subscription> SubscriptionAsync()
    {
        using var admin = Mesh.Webhooks.ChannelWith(TestIdentity.Shared.TokenFor("admin"));
        return await new WebhookService.WebhookServiceClient(admin).CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = NewSubscription() });
    }

    public async Task<Author> AuthorAsync()
    {
        var id = Unique("author");
        return await new AuthorService.AuthorServiceClient(Mesh.Authors.Channel).CreateAuthorAsync(new CreateAuthorRequest
        {
            AuthorId = id,
            Author = new Author { Slug = id, Kind = Author.Types.Kind.Person, DisplayName = "Test Person" },
        });
    }

    public async Task<MediaResource> MediaAsync() =>
        await GatewayMesh.UploadAsync(new MediaService.MediaServiceClient(Mesh.Media.Channel), "", TestPng.Solid(32, 18, 10, 20, 30),
            new MediaResource { Credit = "Test", AltText = "A small test image." });
}
