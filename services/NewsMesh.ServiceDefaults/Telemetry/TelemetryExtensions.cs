using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NewsMesh.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Meters and activity sources of NewsMesh's own code start with this prefix.</summary>
    public const string SourcePrefix = "NewsMesh.";

    /// <summary>
    /// Traces and metrics for ASP.NET Core, gRPC and HTTP clients, EF Core and our own meters; Prometheus
    /// always, OTLP (traces, metrics, logs) when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(SourcePrefix + "*")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(SourcePrefix + "*")
                .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/healthz") && !context.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation());
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }
        return builder;
    }
}
