using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace NewsMesh.Gateway.Proxy;

/// <summary>The proxy's connections to the services: a dead service fails fast (see <see cref="Configure"/>).</summary>
public sealed class GatewayHttpClientFactory(IOptions<GatewayOptions> options) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        Configure(handler, options.Value);
    }

    /// <summary>
    /// Fails fast on a dead service: a short connect timeout for a host that does not answer, and pings on open
    /// HTTP/2 connections so a host that hangs is noticed within about twice the ping interval, not at the
    /// activity timeout. Shared by the proxy's handler and the page composer's channels.
    /// </summary>
    public static void Configure(SocketsHttpHandler handler, GatewayOptions options)
    {
        handler.ConnectTimeout = options.ConnectTimeout;
        handler.KeepAlivePingDelay = TimeSpan.FromSeconds(1);
        handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(1);
        handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
    }
}
