using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Security.Tests;

/// <summary>The gateway as the edge: the headers on every answer, what it passes on and what it drops, and its rate limits.</summary>
[Collection(SecurityMeshUsers.Name)]
public sealed class EdgeTests(SecurityMesh fixture)
{
    [Fact]
    public async Task EveryAnswer_HasNosniff_NoReferrer_AndACacheControl()
    {
        var published = await fixture.PublishedAsync();
        var draft = await fixture.DraftAsync();
        var media = await fixture.MediaAsync();
        using var anonymous = fixture.Mesh.Web();
        using var reporter = fixture.Mesh.Web(TestIdentity.Shared.TokenFor("reporter"));
        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("published article", await anonymous.GetAsync($"/v1/{published.Name}")),
            ("draft, anonymous", await anonymous.GetAsync($"/v1/{draft.Name}")),
            ("list", await anonymous.GetAsync("/v1/articles?section=security")),
            ("page", await anonymous.GetAsync($"/v1/pages/articles/{published.Slug}?lang=en")),
            ("create without a token", await anonymous.PostAsync("/v1/articles", Json("""{"slug": "x", "languageCode": "en", "section": "s", "headline": "x"}"""))),
            ("publish by a reporter", await reporter.PostAsync($"/v1/{published.Name}:publish", Json("{}"))),
            ("bad input", await anonymous.GetAsync("/v1/articles?pageSize=-1")),
            ("OpenAPI", await anonymous.GetAsync("/openapi.json")),
            ("health", await anonymous.GetAsync("/healthz/ready")),
            ("rendition", await anonymous.GetAsync(media.Renditions[0].Uri)),
            ("unknown path", await anonymous.GetAsync("/nothing-here")),
        };
        Assert.Equal(HttpStatusCode.Unauthorized, answers[4].Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, answers[5].Response.StatusCode);
        foreach (var (what, response) in answers)
        {
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", what);
            Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "no-referrer", what);
            Assert.True(response.Headers.CacheControl is not null, what + " has no Cache-Control");
            response.Dispose();
        }

        using var channel = fixture.Mesh.Grpc();
        using var call = new ArticleService.ArticleServiceClient(channel).GetArticleAsync(new GetArticleRequest { Name = published.Name });
        var headers = await call.ResponseHeadersAsync;
        Assert.Equal("nosniff", headers.GetValue("x-content-type-options"));
        Assert.Equal("no-referrer", headers.GetValue("referrer-policy"));
        Assert.NotNull(headers.GetValue("cache-control"));
    }

    [Fact]
    public async Task ProxiedRequest_CarriesAuthorizationUnchanged_AndNoHeaderThatClaimsAnIdentityOrAnOrigin()
    {
        await using var echo = await HeaderEcho.StartAsync();
        await using var gateway = await ServiceProcess.StartAsync("gateway",
            "ReverseProxy:Clusters:authors:Destinations:primary:Address=" + echo.Address);
        var token = TestIdentity.Shared.TokenFor("reporter");
        using var web = TestIdentity.Http($"http://127.0.0.1:{gateway.HttpPort}", token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/authors/anyone");
        foreach (var (name, value) in new[]
        {
            ("X-Forwarded-For", "198.51.100.7"), ("Forwarded", "for=198.51.100.7"), ("X-Real-IP", "198.51.100.7"),
            ("X-Forwarded-User", "admin"), ("X-Forwarded-Email", "boss@example.org"), ("X-Remote-User", "admin"),
            ("X-User", "admin"), ("X-Roles", "admin"), ("X-HTTP-Method-Override", "DELETE"), ("X-Forwarded-Host", "evil.example"),
        })
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await web.SendAsync(request);
        var seen = new Dictionary<string, string>(
            (await response.Content.ReadFromJsonAsync<Dictionary<string, string>>())!, StringComparer.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + token, seen!["Authorization"]);
        Assert.Equal("127.0.0.1", seen["X-Forwarded-For"]);
        Assert.NotEqual("evil.example", seen.GetValueOrDefault("X-Forwarded-Host"));
        foreach (var stripped in new[] { "Forwarded", "X-Real-IP", "X-Forwarded-User", "X-Forwarded-Email", "X-Remote-User", "X-User", "X-Roles", "X-HTTP-Method-Override" })
        {
            Assert.False(seen.ContainsKey(stripped), stripped + " reached the service");
        }
    }

    [Fact]
    public async Task RateLimits_PerSubjectForTokens_StricterForWrites_AndASpoofedAddressResetsNothing()
    {
        await using var gateway = await ServiceProcess.StartAsync("gateway",
            "Gateway:RateLimitPerSecond=1", "Gateway:RateLimitBurst=40", "Gateway:WriteRateLimitPerSecond=1", "Gateway:WriteRateLimitBurst=2");
        var address = $"http://127.0.0.1:{gateway.HttpPort}";
        using var alice = TestIdentity.Http(address, TestIdentity.Shared.Token("alice", "editor"));
        using var bob = TestIdentity.Http(address, TestIdentity.Shared.Token("bob", "editor"));
        using var anonymous = TestIdentity.Http(address, null);

        // Alice's writes: a burst of two, then one a second at most, whatever address her requests claim.
        var (passed, seconds) = await WritesAsync(alice, 8, spoof: true);
        Assert.InRange(passed, 2, 2 + (int)Math.Ceiling(seconds));
        // Bob is another subject from the same address: his own bucket.
        Assert.Equal(1, (await WritesAsync(bob, 1, spoof: false)).Passed);
        // Anonymous writes from that address share one bucket, which a made-up X-Forwarded-For does not reset.
        var (anonymousPassed, anonymousSeconds) = await WritesAsync(anonymous, 8, spoof: true);
        Assert.InRange(anonymousPassed, 2, 2 + (int)Math.Ceiling(anonymousSeconds));
        // Reads are not writes: Alice still reads.
        using var read = await alice.GetAsync("/openapi.json");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    /// <summary>How many of <paramref name="count"/> writes got past the rate limit, and how long sending them took.</summary>
    private static async Task<(int Passed, double Seconds)> WritesAsync(HttpClient client, int count, bool spoof)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var passed = 0;
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/articles") { Content = Json("{}") };
            if (spoof)
            {
                request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            }
            using var response = await client.SendAsync(request);
            passed += response.StatusCode == HttpStatusCode.TooManyRequests ? 0 : 1;
        }
        return (passed, clock.Elapsed.TotalSeconds);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A stand-in service on h2c that answers every request with the headers it received.</summary>
    private sealed class HeaderEcho(WebApplication app, string address) : IAsyncDisposable
    {
        public string Address { get; } = address;

        public static async Task<HeaderEcho> StartAsync()
        {
            var port = FreePorts.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
            var app = builder.Build();
            app.Run(context => context.Response.WriteAsJsonAsync(
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await app.StartAsync();
            return new HeaderEcho(app, $"http://127.0.0.1:{port}");
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
