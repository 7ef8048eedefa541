using Microsoft.Extensions.Options;
using NewsMesh.Aip.Paging;
using NewsMesh.Authors.Data;
using NewsMesh.Authors.Grpc;
using NewsMesh.ServiceDefaults;
using NewsMesh.Contracts;
using NewsMesh.Storage;
using NewsMesh.Storage.Feed;

namespace NewsMesh.Authors;

public static class Extensions
{
    public static WebApplicationBuilder AddAuthors(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthorsOptions>()
            .BindConfiguration(AuthorsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddServiceDatabase<AuthorsDbContext, SqliteAuthorsDbContext, PostgresAuthorsDbContext>("authors.db");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<AuthorStore>();
        builder.Services.AddSingleton(services => new PageTokens(services.GetRequiredService<IOptions<AuthorsOptions>>().Value.PageTokenKey));
        builder.AddChangeFeed<AuthorsDbContext>("authors", new FeedResources("authors", [Resources.Author.Type]));
        builder.Services.AddRpcAccess(AuthorAccessRules.Rules);
        return builder;
    }

    public static WebApplication MapAuthors(this WebApplication app)
    {
        app.MapGrpcService<AuthorGrpcService>();
        return app;
    }
}
