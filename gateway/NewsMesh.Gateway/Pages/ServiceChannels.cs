using System.Collections.Concurrent;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using NewsMesh.Gateway.Proxy;
using Yarp.ReverseProxy;

namespace NewsMesh.Gateway.Pages;

/// <summary>
/// gRPC channels to the services for the pages the gateway composes, over the same clusters the proxy uses:
/// a call goes to one of the cluster's destinations that health checks consider available, so replicas are
/// shared and a dead one is skipped, as for proxied requests.
/// </summary>
public sealed class ServiceChannels(IProxyStateLookup proxy, IOptions<GatewayOptions> options) : IDisposable
{
    // Lazy, so two first calls to one address share one channel instead of leaking the loser's.
    private readonly ConcurrentDictionary<string, Lazy<GrpcChannel>> _channels = new(StringComparer.Ordinal);

    /// <summary>A channel to an available destination of <paramref name="cluster"/>, or null when there is none.</summary>
    public GrpcChannel? For(string cluster)
    {
        if (!proxy.TryGetCluster(cluster, out var state))
        {
            return null;
        }
        var available = state.DestinationsState.AvailableDestinations;
        if (available.Count == 0)
        {
            return null;
        }
        var address = available[Random.Shared.Next(available.Count)].Model.Config.Address;
        return _channels.GetOrAdd(address, a => new Lazy<GrpcChannel>(() =>
        {
            var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
            GatewayHttpClientFactory.Configure(handler, options.Value);
            return GrpcChannel.ForAddress(a, new GrpcChannelOptions { HttpHandler = handler });
        })).Value;
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values.Where(c => c.IsValueCreated))
        {
            channel.Value.Dispose();
        }
    }
}
