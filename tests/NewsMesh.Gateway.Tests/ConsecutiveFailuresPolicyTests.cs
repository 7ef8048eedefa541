using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using NewsMesh.Gateway.Proxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace NewsMesh.Gateway.Tests;

/// <summary>The gateway's passive health policy on its own, with a health updater that records what it is told.</summary>
public sealed class ConsecutiveFailuresPolicyTests
{
    private sealed class Recorder : IDestinationHealthUpdater
    {
        public List<(DestinationState Destination, DestinationHealth Health, TimeSpan Reactivation)> Passive { get; } = [];

        public void SetActive(ClusterState cluster, IEnumerable<NewActiveDestinationHealth> newHealthStates) => throw new NotSupportedException();

        public void SetPassive(ClusterState cluster, DestinationState destination, DestinationHealth newHealth, TimeSpan reactivationPeriod) =>
            Passive.Add((destination, newHealth, reactivationPeriod));
    }

    private sealed class Failure(ForwarderError error) : IForwarderErrorFeature
    {
        public ForwarderError Error { get; } = error;

        public Exception? Exception => null;
    }

    private static DefaultHttpContext Request(ForwarderError? error = null, bool clientGone = false)
    {
        var context = new DefaultHttpContext();
        if (error is { } e)
        {
            context.Features.Set<IForwarderErrorFeature>(new Failure(e));
        }
        if (clientGone)
        {
            var aborted = new CancellationTokenSource();
            aborted.Cancel();
            context.RequestAborted = aborted.Token;
        }
        return context;
    }

    private static (ConsecutiveFailuresPolicy Policy, Recorder Health) Policy()
    {
        var health = new Recorder();
        return (new ConsecutiveFailuresPolicy(health, Options.Create(new GatewayOptions { PassiveHealthFailures = 3 })), health);
    }

    [Fact]
    public void ThreeTransportFailuresInARow_TakeTheDestinationOut_ForTheDefaultReactivation()
    {
        var (policy, health) = Policy();
        var cluster = new ClusterState("articles");
        var dead = new DestinationState("a");

        for (var i = 0; i < 3; i++)
        {
            policy.RequestProxied(Request(ForwarderError.Request), cluster, dead);
        }

        var taken = Assert.Single(health.Passive);
        Assert.Same(dead, taken.Destination);
        Assert.Equal(DestinationHealth.Unhealthy, taken.Health);
        Assert.Equal(TimeSpan.FromSeconds(5), taken.Reactivation);
    }

    [Fact]
    public void ASuccessBetweenFailures_OrAnotherDestinationsFailures_OrClientsThatLeft_TakeNothingOut()
    {
        var (policy, health) = Policy();
        var cluster = new ClusterState("articles");
        DestinationState a = new("a"), b = new("b");

        policy.RequestProxied(Request(ForwarderError.Request), cluster, a);
        policy.RequestProxied(Request(ForwarderError.RequestTimedOut), cluster, a);
        policy.RequestProxied(Request(), cluster, a);
        policy.RequestProxied(Request(ForwarderError.Request), cluster, a);
        policy.RequestProxied(Request(ForwarderError.Request), cluster, b);
        policy.RequestProxied(Request(ForwarderError.Request), cluster, a);
        policy.RequestProxied(Request(ForwarderError.Request, clientGone: true), cluster, a);
        policy.RequestProxied(Request(ForwarderError.RequestCanceled), cluster, a);

        Assert.Empty(health.Passive);
        policy.RequestProxied(Request(ForwarderError.ResponseBodyDestination), cluster, a);
        Assert.Equal(a, Assert.Single(health.Passive).Destination);
    }
}
