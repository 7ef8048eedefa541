using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace NewsMesh.Articles.Caching;

public static class CachingExtensions
{
    /// <summary>
    /// FusionCache over an in-process level and, when <c>Cache:Redis</c> is set, a Redis pub/sub backplane and
    /// Microsoft's Redis cache as the second level of the fronts (articles take their own path to Redis:
    /// <see cref="RedisLevel"/>). Built from options when first resolved, so settings that
    /// arrive late still count. Redis failures never fail a request: the client fails fast while disconnected and
    /// gives up on any command after <c>Cache:RedisTimeout</c> (one timer in the client, none per call in the
    /// cache), a circuit breaker then skips Redis for a while, and missed evictions are replayed when Redis is
    /// back (auto-recovery).
    /// </summary>
    public static WebApplicationBuilder AddArticleCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ArticleCacheOptions>()
            .BindConfiguration(ArticleCacheOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddMemoryCache();
        builder.Services.AddOptions<MemoryCacheOptions>()
            .Configure<IOptions<ArticleCacheOptions>>((memory, cache) => memory.SizeLimit = cache.Value.MemoryEntries);
        builder.Services.AddSingleton<RedisConnection>();
        builder.Services.AddSingleton<IFusionCache>(CreateCache);
        builder.Services.AddSingleton<ArticleCacheMetrics>();
        builder.Services.AddSingleton<RedisLevel>();
        builder.Services.AddSingleton<ArticleCache>();
        builder.Services.AddSingleton<SectionFronts>();
        builder.Services.AddHostedService<FrontFeedFollower>();
        builder.Services.AddHostedService<SecondEvictionsOnStop>();
        return builder;
    }

    private static FusionCache CreateCache(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ArticleCacheOptions>>().Value;
        var cache = new FusionCache(
            new FusionCacheOptions
            {
                CacheName = "articles",
                CacheKeyPrefix = ArticleCacheKeys.Prefix,
                DistributedCacheCircuitBreakerDuration = TimeSpan.FromSeconds(2),
                BackplaneCircuitBreakerDuration = TimeSpan.FromSeconds(2),
                EnableAutoRecovery = true,
                // Each entry counts one against Cache:MemoryEntries (a front one per article it holds).
                DefaultEntryOptions = new FusionCacheEntryOptions { Duration = options.Duration, Size = 1 },
            },
            services.GetRequiredService<IMemoryCache>(),
            services.GetRequiredService<ILogger<FusionCache>>());

        if (services.GetRequiredService<RedisConnection>().Connecting is { } connecting)
        {
            Func<Task<IConnectionMultiplexer>> redis = async () => await connecting;
            cache.SetupDistributedCache(
                new RedisCache(Options.Create(new RedisCacheOptions { ConnectionMultiplexerFactory = redis })),
                // Fields included: FusionCache keeps value tuples in what it serialises, and STJ skips fields otherwise.
                new FusionCacheSystemTextJsonSerializer(new JsonSerializerOptions { IncludeFields = true }));
            cache.SetupBackplane(new RedisBackplane(
                Options.Create(new RedisBackplaneOptions { ConnectionMultiplexerFactory = redis }),
                services.GetRequiredService<ILogger<RedisBackplane>>()));
        }
        return cache;
    }
}
