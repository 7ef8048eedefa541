using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NewsMesh.Testing;

namespace NewsMesh.Gateway.Tests;

/// <summary>
/// The gateway's page cache: many readers share one composition, a change shows within the duration (plus the
/// one composition that replaces the kept page), and an incomplete page is never kept; a page its background refresh
/// replaced is still let go by a change.
/// </summary>
[Collection(GatewayProcesses.Name)]
public sealed class PageCacheTests : IAsyncLifetime
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);
    private const string Page = "/v1/pages/articles/ferry-crews-strike?lang=en";
    private GatewayMesh _mesh = null!;

    public async Task InitializeAsync() =>
        _mesh = await GatewayMesh.StartAsync("Gateway:ExposeMetrics=true", $"Gateway:PageCacheDuration={Duration}");

    public Task DisposeAsync() => _mesh.DisposeAsync();

    [Fact]
    public async Task ReadersShareOneComposition_AChangeShowsWithinTheDuration_IncompletePagesAreNotKept()
    {
        using var web = _mesh.Web();

        var etags = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var response = await web.GetAsync(Page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Headers.ETag!.Tag;
        }));
        Assert.Single(etags.Distinct());
        await ComposedReachesAsync(1);

        using var editor = _mesh.Web(GatewayMesh.Editor);
        using var patch = await editor.PatchAsync($"/v1/{_mesh.English.Name}?updateMask=headline",
            new StringContent("""{"headline": "Ferry crews strike for a second day"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var changed = Stopwatch.StartNew();
        await RpcAssert.Eventually(async () => (await HeadlineAsync(web)) == "Ferry crews strike for a second day",
            Duration + TimeSpan.FromSeconds(5), "the page to show the new headline");
        Assert.True(changed.Elapsed < Duration + TimeSpan.FromSeconds(3), $"the change took {changed.ElapsedMilliseconds} ms to show");

        // A story deleted while its page is kept: the composition that would replace it finds nothing, and the page
        // goes at once rather than being answered until it expires.
        const string french = "/v1/pages/articles/greve-des-equipages-de-ferry?lang=fr";
        using (var first = await web.GetAsync(french))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        var kept = Stopwatch.StartNew();
        using (var delete = await editor.DeleteAsync($"/v1/{_mesh.French.Name}"))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }
        await RpcAssert.Eventually(async () => (await web.GetAsync(french)).StatusCode == HttpStatusCode.NotFound,
            2 * Duration + TimeSpan.FromSeconds(5), "the deleted story's page to be gone");
        // Kept until it expired, it would have gone only after twice the duration.
        Assert.True(kept.Elapsed < Duration + TimeSpan.FromSeconds(3), $"the deleted story's page went after {kept.ElapsedMilliseconds} ms");

        // The last complete page is answered until it expires (twice the duration), then pages miss their images.
        await _mesh.Media.KillAsync();
        await RpcAssert.Eventually(async () => (await web.GetFromJsonAsync<JsonElement>(Page)).GetProperty("missingParts").GetArrayLength() > 0,
            2 * Duration + TimeSpan.FromSeconds(5), "the page to miss its images");
        var before = await ComposedAsync();
        for (var i = 0; i < 3; i++)
        {
            var page = await web.GetFromJsonAsync<JsonElement>(Page);
            Assert.Equal(["media"], page.GetProperty("missingParts").EnumerateArray().Select(p => p.GetString()));
        }
        await ComposedReachesAsync(before + 3);
    }

    [Fact]
    public async Task APageReplacedByItsBackgroundRefresh_IsStillLetGoByAChange()
    {
        using var web = _mesh.Web();
        const string page = "/v1/pages/articles/greve-des-equipages-de-ferry?lang=fr";
        await web.GetFromJsonAsync<JsonElement>(page);
        var composed = await ComposedAsync();
        // Read until a reader finds the page old and its refresh has replaced it.
        await RpcAssert.Eventually(async () =>
        {
            await web.GetFromJsonAsync<JsonElement>(page);
            return await ComposedAsync() > composed;
        }, 3 * Duration, "the kept page to be refreshed");

        using var editor = _mesh.Web(GatewayMesh.Editor);
        using var patch = await editor.PatchAsync($"/v1/{_mesh.French.Name}?updateMask=headline",
            new StringContent("""{"headline": "Les équipages de ferry en grève pour la deuxième journée"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var changed = Stopwatch.StartNew();
        await RpcAssert.Eventually(async () => (await web.GetFromJsonAsync<JsonElement>(page)).GetProperty("article").GetProperty("headline").GetString()
            == "Les équipages de ferry en grève pour la deuxième journée", Duration, "the refreshed page to show the change");
        Assert.True(changed.Elapsed < TimeSpan.FromSeconds(1), $"the change took {changed.ElapsedMilliseconds} ms to show");
    }

    private Task<double> ComposedAsync() => _mesh.Gateway.CounterAsync("newsmesh_gateway_pages_composed_total");

    /// <summary>
    /// Waits for the count of compositions to reach <paramref name="expected"/> (the exporter serves a scrape
    /// again for a moment), then checks it went no further.
    /// </summary>
    private async Task ComposedReachesAsync(double expected)
    {
        await RpcAssert.Eventually(async () => await ComposedAsync() >= expected, TimeSpan.FromSeconds(5), $"{expected} compositions");
        Assert.Equal(expected, await ComposedAsync());
    }

    private static async Task<string?> HeadlineAsync(HttpClient web) =>
        (await web.GetFromJsonAsync<JsonElement>(Page)).GetProperty("article").GetProperty("headline").GetString();
}
