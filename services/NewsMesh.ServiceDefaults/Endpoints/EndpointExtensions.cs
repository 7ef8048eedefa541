using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NewsMesh.ServiceDefaults.Endpoints;

public static class EndpointExtensions
{
    /// <summary>Binds the gRPC (h2c) and HTTP/1.1 listeners from the <c>Endpoints</c> section.</summary>
    public static WebApplicationBuilder AddServiceEndpoints(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServiceEndpointsOptions>()
            .BindConfiguration(ServiceEndpointsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.BindAddress == "*" || IPAddress.TryParse(o.BindAddress, out _),
                "Endpoints:BindAddress must be * or an IP address.")
            .Validate(o => o.GrpcPort != o.HttpPort, "Endpoints:GrpcPort and Endpoints:HttpPort must differ.")
            .ValidateOnStart();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Reading Value runs the validation, so a bad port fails here with the setting's name.
            var endpoints = kestrel.ApplicationServices.GetRequiredService<IOptions<ServiceEndpointsOptions>>().Value;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = endpoints.MaxRequestBytes;
            kestrel.Limits.Http2.MaxStreamsPerConnection = endpoints.MaxStreamsPerConnection;
            Listen(kestrel, endpoints.BindAddress, endpoints.GrpcPort, HttpProtocols.Http2);
            Listen(kestrel, endpoints.BindAddress, endpoints.HttpPort, HttpProtocols.Http1);
        });
        return builder;
    }

    private static void Listen(KestrelServerOptions kestrel, string address, int port, HttpProtocols protocols)
    {
        if (address == "*")
        {
            kestrel.ListenAnyIP(port, listen => listen.Protocols = protocols);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(address), port, listen => listen.Protocols = protocols);
        }
    }
}
