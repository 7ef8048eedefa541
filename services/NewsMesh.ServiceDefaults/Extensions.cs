using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsMesh.ServiceDefaults.Endpoints;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults.Health;
using NewsMesh.ServiceDefaults.Identity;
using NewsMesh.ServiceDefaults.Telemetry;

namespace NewsMesh.ServiceDefaults;

public static class Extensions
{
    /// <summary>Endpoints, identity, gRPC with JSON transcoding, access rules and rich errors, health and telemetry.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        SettingErrors.ExitOnBadSettings(serviceName);
        builder.AddServiceEndpoints();
        builder.AddTelemetry(serviceName);
        builder.AddHealth();
        builder.AddIdentity(serviceName);
        // One of each for the process: an interceptor not registered is made and disposed on every call, and the
        // access rules are read once, not on every call.
        builder.Services.AddSingleton<TranscodedStatusInterceptor>();
        builder.Services.AddSingleton<AccessInterceptor>();
        builder.Services.AddRpcAccess(RpcAccessRules.Open(
            "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection"));

        builder.Services.AddGrpc(o =>
            {
                // The first is the outermost: it sees the statuses the second makes.
                o.Interceptors.Add<TranscodedStatusInterceptor>();
                o.Interceptors.Add<AccessInterceptor>();
            })
            .AddJsonTranscoding(o => o.TypeRegistry = StatusJson.Details);
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<ServiceEndpointsOptions>>(
            (grpc, endpoints) => grpc.MaxReceiveMessageSize = endpoints.Value.MaxRequestBytes);
        builder.Services.AddGrpcReflection();
        return builder;
    }

    /// <summary>What an RPC of a service asks of its caller; see <see cref="RpcAccessRules"/>.</summary>
    public static IServiceCollection AddRpcAccess(this IServiceCollection services, RpcAccessRules rules) => services.AddSingleton(rules);

    /// <summary>Errors as statuses, identity, health, gRPC reflection and the Prometheus scrape endpoint (<c>/metrics</c>).</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = UnhandledErrors.WriteAsync });
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseIdentity();
        app.MapHealth();
        app.MapGrpcReflectionService();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
