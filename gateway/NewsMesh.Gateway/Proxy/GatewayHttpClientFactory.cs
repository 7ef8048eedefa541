using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace NewsMesh.Gateway.Proxy;

/// <summary>The proxy's connections to the services: a dead service fails fast, at <c>Gateway:ConnectTimeout</c>.</summary>
public sealed class GatewayHttpClientFactory(IOptions<GatewayOptions> options) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = options.Value.ConnectTimeout;
    }
}
