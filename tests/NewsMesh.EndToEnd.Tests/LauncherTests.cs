using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using NewsMesh.Local;
using NewsMesh.Local.Seeding;
using NewsMesh.Processes;
using NewsMesh.Testing;

namespace NewsMesh.EndToEnd.Tests;

[Collection(LauncherProcess.Collection)]
public sealed class LauncherTests : IDisposable
{
    // A first run paints the sample photos and stores every article, on a machine the other test projects share.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private readonly string _data = Directory.CreateTempSubdirectory("newsmesh-e2e-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    /// <summary>Every article, as an editor sees them (anonymous readers see only the published and retracted ones).</summary>
    private async Task<List<JsonElement>> AllArticlesAsync(int httpPort)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await LauncherProcess.TokenAsync(_data, "editor", "e2e-editor"));
        var all = new List<JsonElement>();
        var token = "";
        do
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"/v1/articles?pageSize=100&pageToken={Uri.EscapeDataString(token)}");
            all.AddRange(page.GetProperty("articles").EnumerateArray());
            token = page.GetProperty("nextPageToken").GetString()!;
        }
        while (token.Length > 0);
        return all;
    }

    [Fact]
    public async Task Launcher_FirstRunSeeds_StopsCleanly_SecondRunReusesData()
    {
        var samples = SampleContentSeeder.LoadAllArticles();
        Assert.True(samples.Count >= 600);

        int stoppedPort;
        await using (var first = LauncherProcess.Start(_data))
        {
            stoppedPort = first.ArticlesHttpPort;
            await first.WaitUntilReadyAsync(StartTimeout);
            var articles = await AllArticlesAsync(first.ArticlesHttpPort);

            Assert.Equal(samples.Count, articles.Count);
            Assert.Equal(samples.Select(s => s.Language).Distinct().Order(), articles.Select(a => a.GetProperty("languageCode").GetString()).Distinct().Order());
            Assert.Contains("ar", samples.Select(s => s.Language));
            Assert.True(articles.Select(a => a.GetProperty("section").GetString()).Distinct().Count() >= 6);
            var states = articles.Select(a => a.GetProperty("state").GetString()).ToHashSet();
            Assert.Superset(new HashSet<string?> { "STATE_PUBLISHED", "STATE_DRAFT", "STATE_SCHEDULED" }, states);

            // Every sample byline was checked against the author service, and agencies made attribution lines.
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{first.AuthorsHttpPort}") };
            var authors = await http.GetFromJsonAsync<JsonElement>("/v1/authors?pageSize=100");
            Assert.Equal(SampleContentSeeder.LoadAuthors().Select(a => "authors/" + a.Key).Order(),
                authors.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()).Order());
            Assert.Contains(articles, a => a.GetProperty("languageCode").GetString() == "fr"
                && a.GetProperty("attribution").GetString()!.StartsWith("Certaines informations", StringComparison.Ordinal));

            // The painted sample photos were uploaded, every article leads with one, and its renditions are served.
            using var media = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{first.MediaHttpPort}") };
            var photos = (await media.GetFromJsonAsync<JsonElement>("/v1/media?pageSize=100")).GetProperty("media").EnumerateArray().ToList();
            Assert.Equal(SampleContentSeeder.LoadPhotos().Select(p => "media/" + p.Key).Order(), photos.Select(p => p.GetProperty("name").GetString()).Order());
            Assert.All(photos, p => Assert.True(p.GetProperty("original").GetProperty("width").GetInt32() >= 2400));
            Assert.All(articles, a => Assert.Contains(a.GetProperty("leadMedia").GetProperty("media").GetString(), photos.Select(p => p.GetProperty("name").GetString())));
            var lead = photos.Single(p => p.GetProperty("name").GetString() == articles[0].GetProperty("leadMedia").GetProperty("media").GetString());
            var rendition = lead.GetProperty("renditions").EnumerateArray().First(r => r.GetProperty("size").GetString() == "MD");
            using var image = await media.GetAsync(rendition.GetProperty("uri").GetString());
            Assert.Equal(System.Net.HttpStatusCode.OK, image.StatusCode);
            Assert.Equal(rendition.GetProperty("contentType").GetString(), image.Content.Headers.ContentType!.MediaType);

            // Through the gateway, the page of a published story with other language versions is complete.
            using var gateway = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{first.GatewayHttpPort}") };
            var story = articles.First(a => a.GetProperty("state").GetString() == "STATE_PUBLISHED"
                && articles.Count(o => o.GetProperty("translationGroup").GetString() == a.GetProperty("translationGroup").GetString()
                    && o.GetProperty("state").GetString() == "STATE_PUBLISHED") > 1);
            var path = $"/v1/pages/articles/{story.GetProperty("slug").GetString()}?lang={story.GetProperty("languageCode").GetString()}";
            // The first pages after start may miss parts, or be 503 when the article itself outlasts the page deadline:
            // the gateway's connections are new and the machine is loaded. The page must become complete, not be
            // complete at once.
            var page = default(JsonElement);
            await RpcAssert.Eventually(async () =>
            {
                using var response = await gateway.GetAsync(path);
                if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
                {
                    return false;
                }
                response.EnsureSuccessStatusCode();
                page = await response.Content.ReadFromJsonAsync<JsonElement>();
                return !(page.TryGetProperty("missingParts", out var missing) && missing.GetArrayLength() > 0);
            }, TimeSpan.FromSeconds(30), "a complete page through the gateway");
            // Search, through the gateway, finds the story by its headline once the index has followed the seeding.
            var search = $"/v1/search?q={Uri.EscapeDataString("\"" + story.GetProperty("headline").GetString() + "\"")}&languageCode={story.GetProperty("languageCode").GetString()}";
            await RpcAssert.Eventually(async () => (await gateway.GetFromJsonAsync<JsonElement>(search)).GetProperty("hits").EnumerateArray()
                .Any(h => h.GetProperty("article").GetString() == story.GetProperty("name").GetString()), TimeSpan.FromSeconds(60), "the story found by search");
            Assert.True(page.GetProperty("leadImage").GetProperty("resolved").GetBoolean());
            Assert.NotEmpty(page.GetProperty("translations").EnumerateArray());
            Assert.All(page.GetProperty("bylines").EnumerateArray(), b => Assert.True(b.TryGetProperty("author", out _)));
            Assert.Equal(0, await first.StopAsync());
        }

        using (var http = new HttpClient())
        {
            // The service went down with the launcher: nothing answers on its port any more.
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{stoppedPort}/healthz/live"));
        }
        await using var second = LauncherProcess.Start(_data);
        await second.WaitUntilReadyAsync(StartTimeout);

        Assert.Equal(samples.Count, (await AllArticlesAsync(second.ArticlesHttpPort)).Count);
        Assert.DoesNotContain("Seeded", second.Output, StringComparison.Ordinal);
        Assert.Equal(0, await second.StopAsync());
    }

    [Fact]
    public async Task ProtoOnlyClient_EveryArticleRpc_BehavesAsTheContractSays()
    {
        var client = Path.Combine(RepositoryLayout.Root, "tests", "proto-client");
        Assert.True(Directory.Exists(Path.Combine(client, "node_modules")),
            "tests/proto-client/node_modules is missing: scripts/test.sh installs it (npm ci).");
        await using var mesh = LauncherProcess.Start(_data, seed: false);
        await mesh.WaitUntilReadyAsync(StartTimeout);

        var start = new ProcessStartInfo("node", ["articles.mjs", $"127.0.0.1:{mesh.ArticlesGrpcPort}", $"127.0.0.1:{mesh.AuthorsGrpcPort}"])
        {
            WorkingDirectory = client,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NEWSMESH_TOKEN"] = await LauncherProcess.TokenAsync(_data, "editor", "proto-client");
        var node = Process.Start(start)!;
        // Both pipes at once: a full stderr pipe must not block the client while stdout is read.
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        var output = await stdout + await stderr;

        Assert.True(node.ExitCode == 0, output);
        Assert.Contains("every ArticleService RPC behaved as its contract says", output, StringComparison.Ordinal);
    }
}
