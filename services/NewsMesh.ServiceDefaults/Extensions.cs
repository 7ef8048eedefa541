using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsMesh.ServiceDefaults.Endpoints;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults.Health;
using NewsMesh.ServiceDefaults.Telemetry;

namespace NewsMesh.ServiceDefaults;

public static class Extensions
{
    /// <summary>Endpoints, gRPC with JSON transcoding and rich errors, health and telemetry.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.AddServiceEndpoints();
        builder.AddTelemetry(serviceName);
        builder.AddHealth();

        builder.Services.AddGrpc(o =>
            {
                // The first is the outermost: it sees the statuses the second makes.
                o.Interceptors.Add<TranscodedStatusInterceptor>();
                o.Interceptors.Add<DatabaseUnavailableInterceptor>();
            })
            .AddJsonTranscoding(o => o.TypeRegistry = StatusJson.Details);
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<ServiceEndpointsOptions>>(
            (grpc, endpoints) => grpc.MaxReceiveMessageSize = endpoints.Value.MaxRequestBytes);
        builder.Services.AddGrpcReflection();
        return builder;
    }

    /// <summary>Errors as statuses, health, gRPC reflection and the Prometheus scrape endpoint (<c>/metrics</c>).</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = UnhandledErrors.WriteAsync });
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.MapHealth();
        app.MapGrpcReflectionService();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
