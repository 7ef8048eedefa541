using Microsoft.Extensions.Options;
using NewsMesh.Aip.Paging;
using NewsMesh.Media.Data;
using NewsMesh.Media.Grpc;
using NewsMesh.Media.Http;
using NewsMesh.Media.Imaging;
using NewsMesh.Media.Originals;
using NewsMesh.ServiceDefaults;
using NewsMesh.Contracts;
using NewsMesh.Storage;
using NewsMesh.Storage.Feed;

namespace NewsMesh.Media;

public static class Extensions
{
    public static WebApplicationBuilder AddMedia(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>()
            .BindConfiguration(MediaOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddServiceDatabase<MediaDbContext, SqliteMediaDbContext, PostgresMediaDbContext>("media.db");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OriginalFiles>();
        builder.Services.AddSingleton<DecodeSlots>();
        builder.Services.AddSingleton<MediaMetrics>();
        builder.Services.AddSingleton<ImageInspector>();
        builder.Services.AddSingleton<RenditionFiles>();
        builder.Services.AddScoped<MediaStore>();
        builder.Services.AddScoped<MediaLibrary>();
        builder.Services.AddSingleton(services => new PageTokens(services.GetRequiredService<IOptions<MediaOptions>>().Value.PageTokenKey));
        builder.AddChangeFeed<MediaDbContext>("media", new FeedResources("media", [Resources.Media.Type]));
        builder.Services.AddRpcAccess(MediaAccessRules.Rules);
        builder.Services.AddHostedService<LegacyRightsBackfill>();
        builder.Services.AddHostedService<AbandonedUploads>();
        builder.Services.AddHostedService<LicenceEnds>();
        return builder;
    }

    public static WebApplication MapMedia(this WebApplication app)
    {
        app.MapGrpcService<MediaGrpcService>();
        app.MapRenditions();
        return app;
    }
}
