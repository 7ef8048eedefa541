using System.Net;
using NewsMesh.Testing;

namespace NewsMesh.Gateway.Tests;

/// <summary>The gateway's rate limit per client, with no services behind it: the gateway answers these itself.</summary>
[Collection(GatewayProcesses.Name)]
public sealed class RateLimitTests
{
    private static async Task<ServiceProcess> GatewayAsync(params string[] settings) =>
        await ServiceProcess.StartAsync("gateway",
            ["Gateway:RateLimitPerSecond=1", "Gateway:RateLimitBurst=3", .. settings]);

    private static async Task<List<HttpResponseMessage>> BurstAsync(ServiceProcess gateway, int count, Func<int, string?> forwardedFor)
    {
        using var web = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.HttpPort}") };
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < count; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/openapi.json");
            if (forwardedFor(i) is { } address)
            {
                request.Headers.Add("X-Forwarded-For", address);
            }
            responses.Add(await web.SendAsync(request));
        }
        return responses;
    }

    [Fact]
    public async Task OverTheLimit_429WithRetryAfter_AndXForwardedForFromAnUntrustedPeerChangesNothing()
    {
        await using var gateway = await GatewayAsync();

        var responses = await BurstAsync(gateway, 8, i => $"203.0.113.{i}");

        // A burst of 3, and at most one more if the second's refill lands while the 8 are sent.
        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.OK), 3, 4);
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(8, responses.Count(r => r.StatusCode == HttpStatusCode.OK) + refused.Count);
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.Contains("Too many requests", await refused[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var health = await new HttpClient().GetAsync($"http://127.0.0.1:{gateway.HttpPort}/healthz/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        responses.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task TrustedProxy_ClientsBehindItCountedApart()
    {
        await using var gateway = await GatewayAsync("Gateway:TrustedProxies:0=127.0.0.1");

        var responses = await BurstAsync(gateway, 8, i => $"203.0.113.{i}");

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        responses.ForEach(r => r.Dispose());
    }
}
