using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Google.Rpc;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Gateway.Caching;
using NewsMesh.Gateway.OpenApi;
using NewsMesh.Gateway.Pages;
using NewsMesh.Gateway.Proxy;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults;
using NewsMesh.ServiceDefaults.Health;
using NewsMesh.ServiceDefaults.Identity;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace NewsMesh.Gateway;

public static class Extensions
{
    private const string CorsPolicy = "web";

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.TrustedProxies.All(p => IPAddress.TryParse(p, out _)), "Gateway:TrustedProxies must hold IP addresses.")
            .Validate(o => string.IsNullOrEmpty(o.PreviewKey) || o.PreviewKey.Length >= 32, "Gateway:PreviewKey must be empty or at least 32 characters.")
            .ValidateOnStart();
        var gateway = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();

        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(EdgeHeaders.Strip)
            .AddTransforms(StreamingCalls.FlushHeaders);
        builder.Services.AddRpcAccess(PageAccessRules.Rules);
        builder.Services.AddSingleton<IForwarderHttpClientFactory, GatewayHttpClientFactory>();
        builder.Services.AddSingleton<IPassiveHealthCheckPolicy, ConsecutiveFailuresPolicy>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ServiceChannels>();
        builder.Services.AddSingleton<PageComposer>();
        builder.Services.AddSingleton<PageCache>();
        builder.Services.AddSingleton<PreviewLinks>();
        builder.Services.AddSingleton<FeedState>();
        builder.Services.AddHostedService<FeedFollower>();

        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(gateway.CorsOrigins)
            .WithMethods("GET", "HEAD", "POST", "PATCH", "DELETE")
            .WithHeaders("authorization", "content-type", "if-none-match", "if-match")
            .WithExposedHeaders("etag", "retry-after", "www-authenticate")));

        // Only the configured proxies may say who the client is (the middleware runs only when there are some: with
        // empty lists it would believe anyone); loopback, trusted by default, is not unless configured.
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in gateway.TrustedProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });

        var reads = ReadMethods.From([.. MeshContracts.Services]);
        builder.Services.AddRateLimiter(limiter =>
        {
            // Each client has a bucket for all its requests and a smaller one for its writes: by subject when its
            // token is valid (authentication runs first), otherwise by address.
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    context.Request.Path.StartsWithSegments("/healthz")
                        ? RateLimitPartition.GetNoLimiter("health")
                        : RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => Bucket(gateway.RateLimitPerSecond, gateway.RateLimitBurst))),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    reads.IsRead(context.Request)
                        ? RateLimitPartition.GetNoLimiter("reads")
                        : RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => Bucket(gateway.WriteRateLimitPerSecond, gateway.WriteRateLimitBurst))));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, ct) => TooManyAsync(rejected, ct);
        });
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = UnhandledErrors.WriteAsync });
        if (options.TrustedProxies.Length > 0)
        {
            app.UseForwardedHeaders();
        }
        app.UseMiddleware<EdgeHeaders>();
        // CORS first, so even a 429 carries the headers a browser script needs to read it; tokens before the rate
        // limit, whose buckets are per subject (a bad token is refused there and reaches no service).
        app.UseCors(CorsPolicy);
        app.UseIdentity();
        app.UseRateLimiter();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseMiddleware<HttpCachingMiddleware>();

        app.MapHealth();
        if (options.ExposeMetrics)
        {
            app.MapPrometheusScrapingEndpoint();
        }
        app.MapGrpcService<PageGrpcService>();
        var openApi = MeshContracts.OpenApi();
        app.MapGet("/openapi.json", () => Results.Text(openApi, "application/json"));
        app.MapUnknownFeed();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(RequestBodyLimits.ApplyAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
            proxy.Use(ProxyFailures.AnswerAsync);
        });
        return app;
    }

    private static string ClientKey(HttpContext context) =>
        context.GetCaller() is { IsAuthenticated: true } caller
            ? "sub:" + caller.Subject
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask TooManyAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var response = rejected.HttpContext.Response;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        if (GrpcProtocol.IsGrpcRequest(rejected.HttpContext.Request))
        {
            return;
        }
        await StatusJson.WriteAsync(response, StatusCodes.Status429TooManyRequests, Code.ResourceExhausted,
            $"Too many requests from this client; retry after {retryAfter} s.", ct);
    }
}
