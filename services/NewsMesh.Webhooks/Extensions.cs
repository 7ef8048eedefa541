using NewsMesh.ServiceDefaults.Endpoints;
using Microsoft.Extensions.Options;
using NewsMesh.Aip.Paging;
using NewsMesh.ServiceDefaults;
using NewsMesh.Storage;
using NewsMesh.Webhooks.Data;
using NewsMesh.Webhooks.Sending;
using NewsMesh.Webhooks.Grpc;

namespace NewsMesh.Webhooks;

public static class Extensions
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhooksOptions>()
            .BindConfiguration(WebhooksOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => ServiceAddresses.IsEmptyOrHttp(o.ArticlesAddress) && ServiceAddresses.IsEmptyOrHttp(o.AuthorsAddress) && ServiceAddresses.IsEmptyOrHttp(o.MediaAddress),
                "Webhooks:ArticlesAddress, AuthorsAddress and MediaAddress must be empty or absolute http(s) addresses such as http://127.0.0.1:5101.")
            .Validate(o => o.FirstRetryDelay <= o.MaxRetryDelay, "Webhooks:FirstRetryDelay must not be longer than Webhooks:MaxRetryDelay.")
            // The last attempt must be able to end before its delivery expires.
            .Validate(o => o.GiveUpAfter > o.Timeout + TimeSpan.FromSeconds(1), "Webhooks:GiveUpAfter must be longer than Webhooks:Timeout and a second.")
            .ValidateOnStart();
        builder.Services.AddOptions<PurgeOptions>()
            .BindConfiguration(PurgeOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => ServiceAddresses.IsEmptyOrHttp(o.Address), "Purge:Address must be empty or an absolute http(s) address such as http://127.0.0.1:6081.")
            .ValidateOnStart();
        builder.AddServiceDatabase<WebhooksDbContext, SqliteWebhooksDbContext, PostgresWebhooksDbContext>("webhooks.db");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<SubscriptionStore>();
        builder.Services.AddScoped<DeliveryStore>();
        builder.Services.AddSingleton(services => new PageTokens(services.GetRequiredService<IOptions<WebhooksOptions>>().Value.PageTokenKey));
        builder.Services.AddSingleton<FeedChannels>();
        builder.Services.AddSingleton<TargetGuard>();
        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService<WebhookFanOut>();
        builder.Services.AddHostedService<WebhookDispatcher>();
        builder.Services.AddHostedService<CdnPurger>();
        builder.Services.AddRpcAccess(WebhookAccessRules.Rules);
        return builder;
    }


    public static WebApplication MapWebhooks(this WebApplication app)
    {
        app.MapGrpcService<WebhookGrpcService>();
        return app;
    }
}
