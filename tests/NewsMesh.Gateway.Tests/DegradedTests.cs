using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NewsMesh.Testing;

namespace NewsMesh.Gateway.Tests;

/// <summary>Services stopping behind the gateway, one after another: pages degrade, then fail fast.</summary>
[Collection(GatewayProcesses.Name)]
public sealed class DegradedTests : IAsyncLifetime
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(1);
    private GatewayMesh _mesh = null!;

    public async Task InitializeAsync() => _mesh = await GatewayMesh.StartAsync();

    public Task DisposeAsync() => _mesh.DisposeAsync();

    [Fact]
    public async Task ServicesStop_PageSaysWhatIsMissing_ThenTheGatewayAnswers503WithinASecond()
    {
        using var web = _mesh.Web();
        const string page = "/v1/pages/articles/ferry-crews-strike?lang=en";

        await _mesh.Media.KillAsync();

        var (mediaStatus, mediaTook) = await GatewayMesh.TimeAsync(web, $"/v1/{_mesh.Lead.Name}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, mediaStatus);
        Assert.True(mediaTook < Fast, $"503 took {mediaTook.TotalMilliseconds:0} ms");
        using (var brief = await web.GetAsync(page))
        {
            Assert.Equal("public, max-age=5", brief.Headers.CacheControl!.ToString());
        }
        var withoutMedia = await web.GetFromJsonAsync<JsonElement>(page);
        Assert.Equal(["media"], withoutMedia.GetProperty("missingParts").EnumerateArray().Select(p => p.GetString()));
        var lead = withoutMedia.GetProperty("leadImage");
        Assert.Equal(_mesh.Lead.Name, lead.GetProperty("media").GetString());
        Assert.False(lead.TryGetProperty("resolved", out var resolved) && resolved.GetBoolean());
        Assert.Equal("Ines Calder", withoutMedia.GetProperty("bylines")[0].GetProperty("author").GetProperty("displayName").GetString());

        await _mesh.Authors.KillAsync();

        var withoutAuthors = await web.GetFromJsonAsync<JsonElement>(page);
        Assert.Equal(["authors", "media"], withoutAuthors.GetProperty("missingParts").EnumerateArray().Select(p => p.GetString()).Order());
        Assert.Equal("authors/ines-calder", withoutAuthors.GetProperty("bylines")[0].GetProperty("name").GetString());
        Assert.Equal("Some information for this report was provided by Northwire.", withoutAuthors.GetProperty("attribution").GetString());

        await _mesh.Articles.KillAsync();

        var (pageStatus, pageTook) = await GatewayMesh.TimeAsync(web, page);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pageStatus);
        Assert.True(pageTook < Fast, $"503 took {pageTook.TotalMilliseconds:0} ms");
        var (articleStatus, articleTook) = await GatewayMesh.TimeAsync(web, $"/v1/{_mesh.English.Name}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, articleStatus);
        Assert.True(articleTook < Fast, $"503 took {articleTook.TotalMilliseconds:0} ms");
    }
}
