using Grpc.AspNetCore.Server.Model;
using NewsMesh.ServiceDefaults.Endpoints;
using Microsoft.Extensions.Options;
using NewsMesh.Aip.Paging;
using NewsMesh.Articles.Bylines;
using NewsMesh.Articles.Caching;
using NewsMesh.Articles.Data;
using NewsMesh.Articles.Grpc;
using NewsMesh.Articles.Images;
using NewsMesh.Articles.Scheduling;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.ServiceDefaults;
using NewsMesh.ServiceDefaults.Identity;
using NewsMesh.Contracts;
using NewsMesh.Storage;
using NewsMesh.Storage.Feed;

namespace NewsMesh.Articles;

public static class Extensions
{
    public static WebApplicationBuilder AddArticles(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ArticlesOptions>()
            .BindConfiguration(ArticlesOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => ServiceAddresses.IsEmptyOrHttp(o.AuthorsAddress),
                "Articles:AuthorsAddress must be empty or an absolute http(s) address such as http://127.0.0.1:5201.")
            .Validate(o => ServiceAddresses.IsEmptyOrHttp(o.MediaAddress),
                "Articles:MediaAddress must be empty or an absolute http(s) address such as http://127.0.0.1:5301.")
            .ValidateOnStart();
        builder.AddServiceDatabase<ArticlesDbContext, SqliteArticlesDbContext, PostgresArticlesDbContext>("articles.db");
        builder.Services.AddHostedService<ArticleBackfill>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddArticleCache();
        builder.Services.AddHostedService<FeedSignalRelay>();
        builder.Services.AddScoped(services => new Lazy<ArticlesDbContext>(services.GetRequiredService<ArticlesDbContext>));
        builder.Services.AddScoped<ArticleStore>();
        // The service is made for every call; hot reads touch neither the store nor the database.
        builder.Services.AddScoped(services => new Lazy<ArticleStore>(services.GetRequiredService<ArticleStore>));
        builder.Services.AddSingleton<CachedArticleReader>();
        builder.Services.AddSingleton(services => new PageTokens(services.GetRequiredService<IOptions<ArticlesOptions>>().Value.PageTokenKey));
        builder.AddChangeFeed<ArticlesDbContext>("articles", new FeedResources("articles", [Resources.Article.Type]));
        builder.Services.AddHostedService<ScheduledPublisher>();
        // Each client is unused when its service is not configured (see ArticlesOptions).
        // Byline and image checks are the mesh's own business: they carry the service's token, not the caller's.
        builder.Services.AddGrpcClient<AuthorService.AuthorServiceClient>((services, client) =>
            client.Address = AddressOf(services.GetRequiredService<IOptions<ArticlesOptions>>().Value.AuthorsAddress)).AddServiceToken();
        builder.Services.AddGrpcClient<MediaService.MediaServiceClient>((services, client) =>
            client.Address = AddressOf(services.GetRequiredService<IOptions<ArticlesOptions>>().Value.MediaAddress)).AddServiceToken();
        builder.Services.AddRpcAccess(ArticleAccessRules.Rules);
        builder.Services.AddSingleton<IServiceMethodProvider<ArticleGrpcService>, EncodedArticleMethods>();
        builder.Services.AddSingleton<BylineAuthors>();
        builder.Services.AddSingleton<ArticleImages>();
        return builder;
    }


    private static Uri AddressOf(string? address) => new(string.IsNullOrWhiteSpace(address) ? "http://127.0.0.1" : address);

    public static WebApplication MapArticles(this WebApplication app)
    {
        app.MapGrpcService<ArticleGrpcService>().Add(EncodedArticleMethods.RankBelowEncoded);
        return app;
    }
}
