using Microsoft.Extensions.Options;
using NewsMesh.Aip.Paging;
using NewsMesh.Search.Grpc;
using NewsMesh.Search.Indexing;
using NewsMesh.Search.Querying;
using NewsMesh.ServiceDefaults;
using NewsMesh.ServiceDefaults.Endpoints;
using NewsMesh.ServiceDefaults.Health;

namespace NewsMesh.Search;

public static class Extensions
{
    public static WebApplicationBuilder AddSearch(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SearchOptions>()
            .BindConfiguration(SearchOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => ServiceAddresses.IsEmptyOrHttp(o.ArticlesAddress) && ServiceAddresses.IsEmptyOrHttp(o.AuthorsAddress) && ServiceAddresses.IsEmptyOrHttp(o.MediaAddress),
                "Search:ArticlesAddress, AuthorsAddress and MediaAddress must be absolute http(s) addresses such as http://127.0.0.1:5101 (the last two may be empty).")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LanguageAnalyzers.FieldAnalyzer>();
        builder.Services.AddSingleton<SearchIndex>();
        builder.Services.AddSingleton<ArticleSource>();
        builder.Services.AddSingleton<ArticleIndexer>();
        builder.Services.AddSingleton<ArticleSearch>();
        builder.Services.AddSingleton<IndexReadiness>();
        builder.Services.AddHealthChecks().AddCheck<IndexReadiness>("search-index", tags: [HealthExtensions.ReadyTag]);
        builder.Services.AddSingleton(services => new PageTokens(services.GetRequiredService<IOptions<SearchOptions>>().Value.PageTokenKey));
        builder.Services.AddHostedService<SearchFeedFollower>();
        builder.Services.AddHostedService<IndexMaintenance>();
        builder.Services.AddRpcAccess(SearchAccessRules.Rules);
        return builder;
    }

    public static WebApplication MapSearch(this WebApplication app)
    {
        // Opened at start, so that a folder another process holds stops this one at once.
        app.Services.GetRequiredService<SearchIndex>();
        app.MapGrpcService<SearchGrpcService>();
        return app;
    }
}
