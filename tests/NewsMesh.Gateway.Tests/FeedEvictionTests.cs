using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NewsMesh.Testing;

namespace NewsMesh.Gateway.Tests;

/// <summary>
/// The page cache driven by the change feeds: with the default duration (a minute) a kept page still shows a change
/// to any of its parts (the article, an author, an image) within a second, and every public answer names its parts.
/// </summary>
[Collection(GatewayProcesses.Name)]
public sealed class FeedEvictionTests : IAsyncLifetime
{
    private static readonly TimeSpan WithinASecond = TimeSpan.FromSeconds(1);
    private const string Page = "/v1/pages/articles/ferry-crews-strike?lang=en";
    private GatewayMesh _mesh = null!;

    public async Task InitializeAsync() => _mesh = await GatewayMesh.StartAsync("Gateway:ExposeMetrics=true");

    public Task DisposeAsync() => _mesh.DisposeAsync();

    [Fact]
    public async Task AKeptPage_ShowsAChangeToAnyOfItsParts_WithinASecond()
    {
        using var web = _mesh.Web();
        using var editor = _mesh.Web(GatewayMesh.Editor);
        await KeptAsync(web);

        await ChangeAndSeeAsync(web, editor, $"/v1/{_mesh.English.Name}?updateMask=headline", """{"headline": "Ferry crews strike for a second day"}""",
            page => page.GetProperty("article").GetProperty("headline").GetString() == "Ferry crews strike for a second day");
        await ChangeAndSeeAsync(web, editor, "/v1/authors/ines-calder?updateMask=title", """{"title": {"en": "Transport correspondent"}}""",
            page => page.GetProperty("bylines").EnumerateArray().Any(b => b.GetProperty("title").GetString() == "Transport correspondent"));
        await ChangeAndSeeAsync(web, editor, $"/v1/{_mesh.Lead.Name}?updateMask=caption", """{"caption": "Ferries idle at the quay."}""",
            page => page.GetProperty("leadImage").GetProperty("caption").GetString()!.Contains("Ferries idle at the quay.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublicAnswers_NameTheirParts_PrivateOnesNothing()
    {
        using var web = _mesh.Web();
        var id = _mesh.English.Name["articles/".Length..];
        using var page = await web.GetAsync(Page);
        var keys = page.Headers.GetValues("Surrogate-Key").Single().Split(' ');
        Assert.Superset(new HashSet<string> { $"article:{id}", $"story:{_mesh.English.TranslationGroup}", "author:ines-calder", $"media:{_mesh.Lead.Name["media/".Length..]}" },
            keys.ToHashSet());
        Assert.Equal(string.Join(',', keys), page.Headers.GetValues("Cache-Tag").Single());
        Assert.False(page.Headers.Contains("newsmesh-surrogate-keys"));

        using var article = await web.GetAsync($"/v1/{_mesh.English.Name}");
        Assert.Equal($"article:{id}", article.Headers.GetValues("Surrogate-Key").Single());
        using var section = await web.GetAsync($"/v1/articles?section={_mesh.English.Section}&languageCode=en");
        Assert.Equal($"section:{_mesh.English.Section}/en", section.Headers.GetValues("Surrogate-Key").Single());
        using var author = await web.GetAsync("/v1/authors/ines-calder");
        Assert.Equal("author:ines-calder", author.Headers.GetValues("Surrogate-Key").Single());

        using var editor = _mesh.Web(GatewayMesh.Editor);
        using var draft = await editor.GetAsync($"/v1/{_mesh.Draft.Name}");
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.False(draft.Headers.Contains("Surrogate-Key"));
        Assert.False(draft.Headers.Contains("newsmesh-surrogate-keys"));
    }

    /// <summary>Reads the page until it is answered from the cache: composed once, then read again without composing.</summary>
    private async Task KeptAsync(HttpClient web)
    {
        await web.GetFromJsonAsync<JsonElement>(Page);
        var composed = await _mesh.Gateway.CounterAsync("newsmesh_gateway_pages_composed_total");
        await web.GetFromJsonAsync<JsonElement>(Page);
        await web.GetFromJsonAsync<JsonElement>(Page);
        Assert.Equal(composed, await _mesh.Gateway.CounterAsync("newsmesh_gateway_pages_composed_total"));
    }

    private async Task ChangeAndSeeAsync(HttpClient web, HttpClient editor, string path, string body, Func<JsonElement, bool> shows)
    {
        Assert.False(shows(await web.GetFromJsonAsync<JsonElement>(Page)));
        using var patch = await editor.PatchAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var changed = Stopwatch.StartNew();
        await RpcAssert.Eventually(async () => shows(await web.GetFromJsonAsync<JsonElement>(Page)), TimeSpan.FromSeconds(10), $"the page to show {path}");
        Assert.True(changed.Elapsed < WithinASecond, $"{path} took {changed.ElapsedMilliseconds} ms to show on the page");
        await KeptAsync(web);
    }
}
