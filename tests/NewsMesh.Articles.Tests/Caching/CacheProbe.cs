using NewsMesh.Articles.Caching;
using NewsMesh.Contracts.Article.V1;
using StackExchange.Redis;

namespace NewsMesh.Articles.Tests.Caching;

/// <summary>Reads what the service put in Redis, straight from Redis.</summary>
public sealed class CacheProbe(string redisConfiguration) : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis = ConnectionMultiplexer.Connect(redisConfiguration);

    /// <summary>The article Redis holds for <paramref name="name"/>, decoded from its protobuf bytes; null when none.</summary>
    public async Task<Article?> ArticleAsync(string name)
    {
        var value = await _redis.GetDatabase().StringGetAsync(ArticleCacheKeys.Prefix + ArticleCacheKeys.Article(name["articles/".Length..]));
        return value.IsNull ? null : ArticleCacheKeys.DecodeArticle((byte[])value!).Value?.Article;
    }

    /// <summary>
    /// Reads new articles through <paramref name="client"/> until one reaches Redis: the service's Redis connection
    /// is then up. Until it is, the service rightly goes on without Redis, which is not what a Redis test measures.
    /// </summary>
    public async Task WaitUntilServiceUsesRedisAsync(ArticleService.ArticleServiceClient client)
    {
        await NewsMesh.Testing.RpcAssert.Eventually(async () =>
        {
            var article = await client.CreateArticleAsync(new CreateArticleRequest { Article = Integration.SampleArticles.New() });
            await client.GetArticleAsync(new GetArticleRequest { Name = article.Name });
            for (var i = 0; i < 20; i++)
            {
                if (await ArticleAsync(article.Name) is not null)
                {
                    return true;
                }
                await Task.Delay(50);
            }
            return false;
        }, TimeSpan.FromSeconds(30), "the service to reach Redis");
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
