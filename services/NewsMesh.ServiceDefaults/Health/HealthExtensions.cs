using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace NewsMesh.ServiceDefaults.Health;

public static class HealthExtensions
{
    /// <summary>Checks tagged so are part of readiness (the database, say); liveness checks nothing but the process.</summary>
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks();
        builder.Services.AddGrpcHealthChecks(o => o.Services.Map("", registration => registration.Tags.Contains(ReadyTag)));
        return builder;
    }

    /// <summary><c>/healthz/live</c>, <c>/healthz/ready</c>, and <c>grpc.health.v1.Health</c> answering for readiness.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag) });
        endpoints.MapGrpcHealthChecksService();
        return endpoints;
    }
}
