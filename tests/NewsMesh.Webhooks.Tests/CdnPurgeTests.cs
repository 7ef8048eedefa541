using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;
using Xunit.Abstractions;

namespace NewsMesh.Webhooks.Tests;

/// <summary>
/// A real Varnish with the repository's VCL in front of the gateway, purged by key by the webhook service's purger,
/// which follows the feeds from a position it stores: a correction is served within 2 s, and changes made while
/// the purger or Varnish was down are purged once they are back.
/// </summary>
public sealed class CdnPurgeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _purgerData = Directory.CreateTempSubdirectory("newsmesh-purger-").FullName;
    private GatewayMesh _mesh = null!;
    private VarnishServer _varnish = null!;
    private ServiceProcess? _purger;

    private string Page => $"/v1/pages/articles/{_mesh.English.Slug}?lang=en";

    public async Task InitializeAsync()
    {
        _mesh = await GatewayMesh.StartAsync();
        _varnish = VarnishServer.OnFreePort();
        await _varnish.StartAsync(_mesh.Gateway.HttpPort);
        await StartPurgerAsync();
        await FollowingAsync();
    }

    public async Task DisposeAsync()
    {
        if (_purger is not null)
        {
            await _purger.DisposeAsync();
        }
        await _varnish.DisposeAsync();
        await _mesh.DisposeAsync();
        Directory.Delete(_purgerData, recursive: true);
    }

    [Fact]
    public async Task ACorrection_IsServedByVarnishWithinTwoSeconds_WhereTheCachedPageStoodBefore()
    {
        using var reader = new HttpClient { BaseAddress = new Uri(_varnish.Address) };
        await CachedAsync(reader);

        var text = "An earlier version of this story gave the wrong number of ferries.";
        var clock = Stopwatch.StartNew();
        await CorrectAsync(text);
        await RpcAssert.Eventually(async () => Corrections(await reader.GetFromJsonAsync<JsonElement>(Page)).Contains(text), Patience, "Varnish to serve the correction");
        clock.Stop();
        output.WriteLine($"Varnish served the correction {clock.Elapsed.TotalMilliseconds:0} ms after it was made.");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Varnish served the correction after {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task ChangesMadeWhileThePurgerOrVarnishWasDown_ArePurgedOnceTheyAreBack()
    {
        using var reader = new HttpClient { BaseAddress = new Uri(_varnish.Address) };
        await CachedAsync(reader);

        // The purger is down: Varnish goes on serving what it holds.
        await _purger!.KillAsync();
        await _purger.DisposeAsync();
        _purger = null;
        var whilePurgerDown = "Corrected while the purger was down.";
        await CorrectAsync(whilePurgerDown);
        using (var stale = await reader.GetAsync(Page))
        {
            Assert.True(IsHit(stale), "Varnish answered from its cache");
            Assert.DoesNotContain(whilePurgerDown, Corrections(await stale.Content.ReadFromJsonAsync<JsonElement>()));
        }
        await StartPurgerAsync();
        await RpcAssert.Eventually(async () => Corrections(await reader.GetFromJsonAsync<JsonElement>(Page)).Contains(whilePurgerDown), Patience,
            "the restarted purger to purge what changed while it was down");

        // Varnish is down: the purger keeps trying, and purges when it is back.
        await _varnish.KillAsync();
        await CorrectAsync("Corrected while Varnish was down.");
        await _varnish.StartAsync(_mesh.Gateway.HttpPort);
        var key = "article:" + _mesh.English.Name["articles/".Length..];
        await RpcAssert.Eventually(async () => (await _varnish.PurgedKeysAsync()).Any(k => k.Split(' ').Contains(key)), Patience,
            "the purge of the change made while Varnish was down");
    }

    private async Task StartPurgerAsync() => _purger = await ServiceProcess.StartAsync("webhooks",
        $"Webhooks:ArticlesAddress={_mesh.Articles.GrpcAddress}", $"Webhooks:AuthorsAddress={_mesh.Authors.GrpcAddress}",
        $"Webhooks:MediaAddress={_mesh.Media.GrpcAddress}", $"Purge:Address={_varnish.Address}", $"Storage:DataDirectory={_purgerData}");

    /// <summary>Waits until the purger follows the feeds: a new purger starts from now, once its streams are open.</summary>
    private async Task FollowingAsync()
    {
        var editor = new ArticleService.ArticleServiceClient(_mesh.Articles.Channel);
        var key = "article:" + _mesh.Draft.Name["articles/".Length..];
        for (var probes = 1; !(await _varnish.PurgedKeysAsync()).Any(k => k.Split(' ').Contains(key)); probes++)
        {
            Assert.True(probes <= 30, "The purger did not start purging within 30 probes.");
            await editor.UpdateArticleAsync(new UpdateArticleRequest
            {
                Article = new Article { Name = _mesh.Draft.Name, Headline = $"A probe, {probes}" },
                UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "headline" } },
            });
            var until = DateTime.UtcNow.AddSeconds(2);
            while (DateTime.UtcNow < until && !(await _varnish.PurgedKeysAsync()).Any(k => k.Split(' ').Contains(key)))
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Reads the page through Varnish until Varnish answers it from its cache.</summary>
    private async Task CachedAsync(HttpClient reader) =>
        await RpcAssert.Eventually(async () =>
        {
            using var answer = await reader.GetAsync(Page);
            answer.EnsureSuccessStatusCode();
            return IsHit(answer);
        }, Patience, "Varnish to keep the page");

    /// <summary>Varnish names two requests in X-Varnish on a hit: this one and the one that fetched the object.</summary>
    private static bool IsHit(HttpResponseMessage answer) =>
        answer.Headers.TryGetValues("X-Varnish", out var ids) && ids.Single().Split(' ').Length == 2;

    private async Task CorrectAsync(string text)
    {
        var editor = new ArticleService.ArticleServiceClient(_mesh.Articles.Channel);
        await editor.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = _mesh.English.Name,
            Type = Correction.Types.Type.Clarification,
            Text = text,
        });
    }

    private static List<string> Corrections(JsonElement page) =>
        page.GetProperty("article").TryGetProperty("corrections", out var corrections)
            ? [.. corrections.EnumerateArray().Select(c => c.GetProperty("text").GetString()!)]
            : [];
}
