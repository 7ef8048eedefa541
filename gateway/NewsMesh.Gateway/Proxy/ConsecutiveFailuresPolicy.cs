using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace NewsMesh.Gateway.Proxy;

/// <summary>
/// Passive health without a lock on the request path: a destination is taken out of rotation for the cluster's
/// reactivation period once <see cref="GatewayOptions.PassiveHealthFailures"/> requests in a row failed in transport
/// (it could not be reached, or broke off). A success costs one read of a counter. YARP's own failure-rate policy
/// keeps a time window per destination under a lock that every proxied request takes.
/// </summary>
public sealed class ConsecutiveFailuresPolicy(IDestinationHealthUpdater health, IOptions<GatewayOptions> options) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "ConsecutiveTransportFailures";
    private static readonly TimeSpan DefaultReactivation = TimeSpan.FromSeconds(5);
    private readonly ConditionalWeakTable<DestinationState, Failures> _failures = new();

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        var failures = _failures.GetValue(destination, _ => new Failures());
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null)
        {
            if (Volatile.Read(ref failures.Count) != 0)
            {
                Volatile.Write(ref failures.Count, 0);
            }
            return;
        }
        if (Failed(error, context) && Interlocked.Increment(ref failures.Count) >= options.Value.PassiveHealthFailures)
        {
            Volatile.Write(ref failures.Count, 0);
            health.SetPassive(cluster, destination, DestinationHealth.Unhealthy,
                cluster.Model?.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultReactivation);
        }
    }

    /// <summary>
    /// A failure of the destination, not of the client: a client that went away, or a request that failed for its own
    /// reasons, says nothing of the service either way.
    /// </summary>
    private static bool Failed(IForwarderErrorFeature error, HttpContext context) =>
        !context.RequestAborted.IsCancellationRequested
        && error.Error is ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination
            or ForwarderError.ResponseBodyDestination;

    private sealed class Failures
    {
        public int Count;
    }
}
