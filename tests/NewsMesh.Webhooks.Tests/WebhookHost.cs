using Microsoft.Extensions.Time.Testing;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.Testing;

namespace NewsMesh.Webhooks.Tests;

/// <summary>The article service as a real process, whose feed the webhook hosts of a test class follow.</summary>
public sealed class ArticlesProcess : IAsyncLifetime
{
    public ServiceProcess Articles { get; private set; } = null!;

    public ArticleService.ArticleServiceClient Client => new(Articles.Channel);

    public async Task InitializeAsync() => Articles = await ServiceProcess.StartWithOwnDataAsync("articles");

    public async Task DisposeAsync() => await Articles.DisposeAsync();

    public async Task<Article> CreateAsync(string headline = "A story for the webhook tests")
    {
        var slug = $"hook-{Guid.NewGuid():N}"[..21];
        return await Client.CreateArticleAsync(new CreateArticleRequest
        {
            Article = new Article
            {
                Slug = slug,
                LanguageCode = "en",
                Section = "world",
                Headline = headline,
                Body = { new Block { Paragraph = new Paragraph { Text = "Written for the webhook tests." } } },
            },
        });
    }

    public async Task<Article> RetitleAsync(Article article, string headline) => await Client.UpdateArticleAsync(new UpdateArticleRequest
    {
        Article = new Article { Name = article.Name, Headline = headline },
        UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "headline" } },
    });
}

/// <summary>The webhook service in the test's process, following <paramref name="articles"/>' feed, allowed to reach loopback receivers.</summary>
public sealed class WebhookHost(TestDatabase database, ServiceProcess articles, IReadOnlyDictionary<string, string?>? settings = null, FakeTimeProvider? clock = null)
    : KestrelServiceHost<Program>(database, Settings(articles, settings), clock)
{
    public WebhookService.WebhookServiceClient Admin => new(AdminChannel);

    private static Dictionary<string, string?> Settings(ServiceProcess articles, IReadOnlyDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Webhooks:ArticlesAddress"] = articles.GrpcAddress,
            ["Webhooks:AllowPrivateTargets"] = "true",
            ["Webhooks:Timeout"] = "00:00:01",
            ["Webhooks:FirstRetryDelay"] = "00:00:00.100",
            ["Webhooks:MaxRetryDelay"] = "00:00:00.400",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return all;
    }

    /// <summary>A subscription to <paramref name="url"/> for article changes, drafts' included, with its secret.</summary>
    public Task<Subscription> SubscribeAsync(string url, params Contracts.Feed.V1.ChangeKind[] kinds) => SubscribeAsync(url, true, kinds);

    public async Task<Subscription> SubscribeAsync(string url, bool newsroom, params Contracts.Feed.V1.ChangeKind[] kinds) =>
        await Admin.CreateSubscriptionAsync(new CreateSubscriptionRequest
        {
            Subscription = new Subscription { Url = url, ResourceTypes = { Article.Descriptor.FullName }, Kinds = { kinds }, IncludeNewsroomChanges = newsroom },
        });
}

public static class WebhookHostExtensions
{
    /// <summary>
    /// Starts <paramref name="host"/> and waits until it follows the article feed: a host that has just started has no position yet,
    /// and takes the feed from the moment its stream opens. Probes with articles of its own until one is delivered.
    /// </summary>
    public static async Task FollowingAsync(this WebhookHost host, ArticlesProcess articles)
    {
        host.StartServer();
        await using var probe = await Receiver.StartAsync();
        var subscription = await host.SubscribeAsync(probe.Url());
        for (var probes = 1; probe.Delivered.Count == 0; probes++)
        {
            Assert.True(probes <= 60, "The webhook service did not start following the article feed within 60 probes.");
            await articles.CreateAsync("A probe");
            var until = DateTime.UtcNow.AddMilliseconds(500);
            while (probe.Delivered.Count == 0 && DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
        }
        await host.Admin.DeleteSubscriptionAsync(new DeleteSubscriptionRequest { Name = subscription.Name });
    }
}
