using Microsoft.Extensions.Options;
using NewsMesh.Articles.Bench;
using NewsMesh.Articles.Bylines;
using NewsMesh.Articles.Caching;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Articles.Data;
using NewsMesh.Articles.Grpc;
using NewsMesh.Articles.Scheduling;
using NewsMesh.ServiceDefaults.Storage;
using NewsMesh.ServiceDefaults.Paging;

namespace NewsMesh.Articles;

public static class Extensions
{
    public static WebApplicationBuilder AddArticles(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ArticlesOptions>()
            .BindConfiguration(ArticlesOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.AuthorsAddress)
                    || (Uri.TryCreate(o.AuthorsAddress, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
                "Articles:AuthorsAddress must be empty or an absolute http(s) address such as http://127.0.0.1:5201.")
            .ValidateOnStart();
        builder.AddServiceDatabase<ArticlesDbContext, SqliteArticlesDbContext, PostgresArticlesDbContext>("articles.db");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddArticleCache();
        builder.Services.AddScoped(services => new Lazy<ArticlesDbContext>(services.GetRequiredService<ArticlesDbContext>));
        builder.Services.AddScoped<ArticleStore>();
        builder.Services.AddScoped<CachedArticleReader>();
        builder.Services.AddSingleton(services => new PageTokens(services.GetRequiredService<IOptions<ArticlesOptions>>().Value.PageTokenKey));
        builder.Services.AddHostedService<ScheduledPublisher>();
        builder.Services.AddGrpcClient<AuthorService.AuthorServiceClient>((services, client) =>
        {
            // Unused when no author service is configured (see ArticlesOptions.AuthorsAddress).
            var address = services.GetRequiredService<IOptions<ArticlesOptions>>().Value.AuthorsAddress;
            client.Address = new Uri(string.IsNullOrWhiteSpace(address) ? "http://127.0.0.1" : address);
        });
        builder.Services.AddSingleton<BylineAuthors>();
        builder.AddBenchBaseline();
        return builder;
    }

    public static WebApplication MapArticles(this WebApplication app)
    {
        app.MapGrpcService<ArticleGrpcService>();
        app.MapBenchBaseline();
        return app;
    }
}
