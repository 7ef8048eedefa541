using System.Net;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using NewsMesh.ServiceDefaults.Endpoints;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults.Health;
using NewsMesh.ServiceDefaults.Telemetry;
using NewsMesh.Web.Feeds;
using NewsMesh.Web.Gateway;
using NewsMesh.Web.Http;
using Yarp.ReverseProxy.Forwarder;

namespace NewsMesh.Web;

public static class Extensions
{
    public static WebApplicationBuilder AddWebFront(this WebApplicationBuilder builder)
    {
        SettingErrors.ExitOnBadSettings("newsmesh-web");
        builder.AddServiceEndpoints();
        builder.AddTelemetry("newsmesh-web");
        builder.AddHealth();
        builder.Services.AddGrpc();

        builder.Services.AddOptions<WebOptions>()
            .BindConfiguration(WebOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => Uri.TryCreate(o.GatewayAddress, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                "Web:GatewayAddress must be the gateway's absolute http(s) address for internal callers, such as http://127.0.0.1:8081.")
            .Validate(o => Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/",
                "Web:PublicUrl must be the site's absolute http(s) address with no path, such as https://news.example.")
            .Validate(o => Rendering.PageLanguage.Parse(o.DefaultLanguage) is not null, "Web:DefaultLanguage must be a language tag such as en.")
            .ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddHttpClient(GatewayReader.HttpClientName, (services, http) =>
            {
                http.BaseAddress = new Uri(services.GetRequiredService<IOptions<WebOptions>>().Value.GatewayAddress);
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                ConnectTimeout = TimeSpan.FromSeconds(1),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.None,
            });
        builder.Services.AddSingleton<GatewayReader>();
        builder.Services.AddScoped<PageReads>();
        builder.Services.AddSingleton<RenderedPages>();
        builder.Services.AddHttpForwarder();

        builder.Services.AddRouting(routing => routing.ConstraintMap[LanguageRouteConstraint.Name] = typeof(LanguageRouteConstraint));
        builder.Services.AddRazorPages();
        builder.Services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = ["text/html", "text/css", "application/xml", "application/atom+xml"];
        });
        return builder;
    }

    public static WebApplication MapWebFront(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<WebOptions>>().Value;
        app.UseResponseCompression();
        app.UseMiddleware<PageResponses>();
        app.UseExceptionHandler("/status/500");
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseMiddleware<GatewayFailures>();
        app.UseStaticFiles(new StaticFileOptions
        {
            // The stylesheet's address carries its version (asp-append-version): a new one is a new address.
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
        });

        app.MapHealth();
        if (options.ExposeMetrics)
        {
            app.MapPrometheusScrapingEndpoint();
        }
        app.MapGet("/", () => Results.Redirect(Rendering.SitePaths.Front(options.DefaultLanguage)));
        app.MapSiteFeeds();
        app.MapRazorPages();
        // Images are the gateway's, passed through as they are: the pages' addresses for them are this site's own.
        app.MapForwarder("/media/{**rest}", options.GatewayAddress, new ForwarderRequestConfig
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            ActivityTimeout = options.GatewayTimeout,
        });
        return app;
    }
}
