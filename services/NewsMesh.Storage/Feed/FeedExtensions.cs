using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsMesh.Aip.Paging;

namespace NewsMesh.Storage.Feed;

public static class FeedExtensions
{
    /// <summary>
    /// The change feed of a service whose database is <typeparamref name="TContext"/> (registered by
    /// <see cref="StorageExtensions.AddServiceDatabase{TContext, TSqlite, TPostgres}"/>, which also signals its
    /// commits): its settings, cursors signed with the service's page-token key, the broadcast and the RPCs' implementation.
    /// </summary>
    public static WebApplicationBuilder AddChangeFeed<TContext>(this WebApplicationBuilder builder, string service, FeedResources resources)
        where TContext : DbContext
    {
        builder.Services.AddOptions<FeedOptions>()
            .BindConfiguration(FeedOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(resources);
        builder.Services.AddSingleton(new FeedDatabase(services => services.GetRequiredService<TContext>()));
        builder.Services.AddSingleton(services => new FeedCursors(services.GetRequiredService<PageTokens>(), service));
        builder.Services.AddSingleton<ChangeBroadcaster>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ChangeBroadcaster>());
        builder.Services.AddSingleton<ChangeFeed>();
        return builder;
    }
}
