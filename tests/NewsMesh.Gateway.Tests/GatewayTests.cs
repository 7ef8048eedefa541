using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.ServiceDefaults.Http;
using NewsMesh.Testing;

namespace NewsMesh.Gateway.Tests;

/// <summary>Everything a client does through the real gateway process, in front of the real services.</summary>
[Collection(GatewayProcesses.Name)]
public sealed class GatewayTests(GatewayMesh mesh) : IClassFixture<GatewayMesh>, IDisposable
{
    private readonly HttpClient _web = mesh.Web();

    public void Dispose() => _web.Dispose();

    private static string Id(string name) => name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];

    [Fact]
    public async Task Grpc_EveryServiceThroughTheGatewayListener()
    {
        using var channel = mesh.Grpc();

        var article = await new ArticleService.ArticleServiceClient(channel).GetArticleAsync(new GetArticleRequest { Name = mesh.English.Name });
        var author = await new AuthorService.AuthorServiceClient(channel).GetAuthorAsync(new GetAuthorRequest { Name = "authors/ines-calder" });
        var media = await new MediaService.MediaServiceClient(channel).GetMediaAsync(new GetMediaRequest { Name = mesh.Lead.Name });

        Assert.Equal(mesh.English.Headline, article.Headline);
        Assert.Equal("Ines Calder", author.DisplayName);
        Assert.Equal(mesh.Lead.Credit, media.Credit);
    }

    [Fact]
    public async Task Grpc_UploadStreamLargerThanTheGatewaysRequestLimit_GoesThrough()
    {
        // 1.4 MB of incompressible pixels: more than the gateway's 1 MiB default, within the upload route's limit.
        var png = TestPng.Noise(800, 600, seed: 7);
        Assert.True(png.Length > 1024 * 1024);
        using var channel = mesh.Grpc(GatewayMesh.Editor);
        using var call = new MediaService.MediaServiceClient(channel).UploadMedia();
        await call.RequestStream.WriteAsync(new UploadMediaRequest
        {
            Metadata = new UploadMetadata { ContentType = "image/png", Media = new Contracts.Media.V1.Media { Credit = "Test", AltText = "Noise." } },
        });
        for (var offset = 0; offset < png.Length; offset += 64 * 1024)
        {
            await call.RequestStream.WriteAsync(new UploadMediaRequest { Chunk = ByteString.CopyFrom(png, offset, Math.Min(64 * 1024, png.Length - offset)) });
        }
        await call.RequestStream.CompleteAsync();

        var uploaded = await call.ResponseAsync;
        Assert.Equal(png.Length, uploaded.Original.SizeBytes);
    }

    [Fact]
    public async Task Json_EveryServiceThroughTheWebListener()
    {
        var article = await _web.GetFromJsonAsync<JsonElement>($"/v1/{mesh.English.Name}");
        var lookup = await _web.GetFromJsonAsync<JsonElement>("/v1/articles:lookup?slug=greve-des-equipages-de-ferry&languageCode=fr");
        var author = await _web.GetFromJsonAsync<JsonElement>("/v1/authors/ines-calder");
        var media = await _web.GetFromJsonAsync<JsonElement>($"/v1/{mesh.Lead.Name}");
        using var rendition = await _web.GetAsync(mesh.Lead.Renditions[0].Uri);

        Assert.Equal(mesh.English.Headline, article.GetProperty("headline").GetString());
        Assert.Equal(mesh.French.Name, lookup.GetProperty("name").GetString());
        Assert.Equal("Ines Calder", author.GetProperty("displayName").GetString());
        Assert.Equal(mesh.Lead.Credit, media.GetProperty("credit").GetString());
        Assert.Equal(HttpStatusCode.OK, rendition.StatusCode);
        Assert.Equal(mesh.Lead.Renditions[0].ContentType, rendition.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", rendition.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Json_EachServicesChangeFeed_ByTheServiceParameter_ResumedByItsCursor()
    {
        using var editor = mesh.Web(GatewayMesh.Editor);
        foreach (var (service, resource) in new[] { ("articles", mesh.English.Name), ("authors", "authors/ines-calder"), ("media", mesh.Lead.Name) })
        {
            var page = await editor.GetFromJsonAsync<JsonElement>($"/v1/changes?service={service}&pageSize=1000");
            var changes = page.GetProperty("changes").EnumerateArray().ToList();
            Assert.Contains(changes, c => c.GetProperty("resource").GetString() == resource && c.GetProperty("kind").GetString() == "CHANGE_KIND_CREATED");
            var cursor = changes[^1].GetProperty("cursor").GetString()!;
            var after = await editor.GetFromJsonAsync<JsonElement>($"/v1/changes?service={service}&after={Uri.EscapeDataString(cursor)}");
            Assert.DoesNotContain(after.GetProperty("changes").EnumerateArray(), c => c.GetProperty("cursor").GetString() == cursor);
        }

        using var anonymous = await _web.GetAsync("/v1/changes?service=articles");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        foreach (var path in new[] { "/v1/changes", "/v1/changes?service=pages" })
        {
            using var unknown = await editor.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            var status = await unknown.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("service", status.GetProperty("details")[0].GetProperty("fieldViolations")[0].GetProperty("field").GetString());
        }
        using var forged = await editor.GetAsync("/v1/changes?service=articles&after=forged");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("after", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_PublishedStory_EveryPartPresent()
    {
        var page = await _web.GetFromJsonAsync<JsonElement>("/v1/pages/articles/ferry-crews-strike?lang=en");

        Assert.Equal(mesh.English.Name, page.GetProperty("article").GetProperty("name").GetString());
        Assert.False(page.TryGetProperty("missingParts", out var missing) && missing.GetArrayLength() > 0);
        var bylines = page.GetProperty("bylines").EnumerateArray().ToList();
        Assert.Equal(["authors/ines-calder", "authors/northwire"], bylines.Select(b => b.GetProperty("name").GetString()));
        Assert.Equal("Harbour correspondent", bylines[0].GetProperty("title").GetString());
        Assert.Equal("Ines Calder reports on ports and shipping.", bylines[0].GetProperty("shortBio").GetString());
        Assert.Equal("Some information for this report was provided by Northwire.", page.GetProperty("attribution").GetString());

        var lead = page.GetProperty("leadImage");
        Assert.Equal("FILE - Ferries wait at the quay.", lead.GetProperty("caption").GetString());
        Assert.Equal(mesh.Lead.Credit, lead.GetProperty("credit").GetString());
        Assert.Equal(mesh.Lead.AltText, lead.GetProperty("altText").GetString());
        Assert.Equal("16x9", lead.GetProperty("aspectRatio").GetString());
        var srcset = lead.GetProperty("srcsetWebp").GetString()!;
        Assert.Equal(4, srcset.Split(", ").Length);
        Assert.All(srcset.Split(", "), entry => Assert.Matches(@"^/media/harbour/16x9/(xs|sm|md|lg)\.webp\?v=\w+ \d+w$", entry));
        using (var image = await _web.GetAsync(srcset.Split(", ")[1].Split(' ')[0]))
        {
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        }

        var body = Assert.Single(page.GetProperty("bodyImages").EnumerateArray());
        Assert.Equal(1, body.GetProperty("blockIndex").GetInt32());
        Assert.Equal("Crossings per month.", body.GetProperty("caption").GetString());
        var french = Assert.Single(page.GetProperty("translations").EnumerateArray());
        Assert.Equal("fr", french.GetProperty("languageCode").GetString());
        Assert.Equal("/v1/pages/articles/greve-des-equipages-de-ferry?lang=fr", french.GetProperty("pagePath").GetString());
    }

    [Fact]
    public async Task Page_OverGrpc_SameComposition()
    {
        using var channel = mesh.Grpc();
        var page = await new PageService.PageServiceClient(channel).GetArticlePageAsync(
            new GetArticlePageRequest { Slug = "greve-des-equipages-de-ferry", Lang = "fr", AspectRatio = "1x1" });

        Assert.Equal("Correspondante portuaire", page.Bylines[0].Title);
        Assert.All(page.LeadImage.Renditions, r => Assert.Equal("1x1", r.AspectRatio));
        Assert.Equal("en", Assert.Single(page.Translations).LanguageCode);
        Assert.Empty(page.MissingParts);
    }

    [Fact]
    public async Task Page_UnknownSlugOrBadRequest_ClearStatuses()
    {
        using var missing = await _web.GetAsync("/v1/pages/articles/no-such-story?lang=en");
        using var invalid = await _web.GetAsync("/v1/pages/articles/ferry-crews-strike?lang=en&aspectRatio=5x4");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("aspect_ratio", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(missing.Headers.CacheControl!.NoStore);
    }

    [Theory]
    [InlineData("/v1/pages/articles/ferry-crews-strike?lang=en")]
    [InlineData("/v1/articles:lookup?slug=ferry-crews-strike&languageCode=en")]
    [InlineData("/v1/authors/ines-calder")]
    [InlineData("/v1/media/harbour")]
    [InlineData("/v1/authors:batchGet?names=authors/ines-calder&names=authors/northwire")]
    [InlineData("/v1/media:batchGet?names=media/harbour")]
    [InlineData("/v1/articles?state=STATE_PUBLISHED")]
    public async Task Caching_PublicContent_ETagThen304(string path)
    {
        using var first = await _web.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("public, max-age=60, stale-while-revalidate=300", first.Headers.CacheControl!.ToString());
        // The service's statement to the gateway is read and taken off.
        Assert.False(first.Headers.Contains(SharedCache.Header));
        Assert.Contains("Origin", first.Headers.Vary);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _web.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Caching_DraftReadByAnEditor_PrivateNoStore_AndAChangeChangesTheETag()
    {
        using var editor = mesh.Web(GatewayMesh.Editor);
        using var draft = await editor.GetAsync($"/v1/{mesh.Draft.Name}");
        Assert.Equal("no-store, private", string.Join(", ", draft.Headers.CacheControl!.ToString().Split(", ").Order()));
        using var mixed = await editor.GetAsync("/v1/articles?section=world");
        Assert.Equal("no-store, private", string.Join(", ", mixed.Headers.CacheControl!.ToString().Split(", ").Order()));

        var before = (await editor.GetAsync($"/v1/{mesh.Draft.Name}")).Headers.ETag;
        using var patch = await editor.PatchAsync($"/v1/{mesh.Draft.Name}?updateMask=headline",
            new StringContent("""{"headline": "Draft: talks resume"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var after = (await editor.GetAsync($"/v1/{mesh.Draft.Name}")).Headers.ETag;
        Assert.NotEqual(before, after);
    }

    [Theory]
    [InlineData("GET", "/metrics")]
    [InlineData("POST", "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")]
    [InlineData("POST", "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo")]
    [InlineData("GET", "/v1/secrets")]
    [InlineData("GET", "/internal/healthz/ready")]
    public async Task NotExposed_404(string method, string path)
    {
        using var response = await _web.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")]
    [InlineData("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo")]
    public async Task NotExposed_ServicesOwnGrpcServices_Unimplemented(string path)
    {
        // A raw gRPC call over h2c, so the service names need no client library.
        using var h2 = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{mesh.Gateway.GrpcPort}{path}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new("application/grpc");
        using var response = await h2.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailing) ? trailing.Single()
            : response.Headers.TryGetValues("grpc-status", out var headers) ? headers.Single()
            : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(status is "12" or "404", $"grpc-status or HTTP status {status}");
    }

    [Fact]
    public async Task OpenApi_GeneratedFromTheContracts_CoversEveryService()
    {
        var document = await _web.GetFromJsonAsync<JsonElement>("/openapi.json");
        var paths = document.GetProperty("paths");

        Assert.Equal("3.0.3", document.GetProperty("openapi").GetString());
        var article = paths.GetProperty("/v1/articles/{article}");
        Assert.True(article.TryGetProperty("get", out _));
        Assert.True(article.TryGetProperty("patch", out _));
        Assert.True(article.TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/v1/articles/{article}:publish").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/media/{media}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/authors:batchGet").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/media").TryGetProperty("get", out _));
        var page = paths.GetProperty("/v1/pages/articles/{slug}").GetProperty("get");
        Assert.Contains(page.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "lang");
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("newsmesh.article.v1.Article");
        Assert.Equal("string", schema.GetProperty("properties").GetProperty("revision").GetProperty("type").GetString());
        Assert.Contains("STATE_PUBLISHED", schema.GetProperty("properties").GetProperty("state").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Cors_ConfiguredOriginAllowed_OthersNot()
    {
        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, "/v1/articles");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "GET");
            return await _web.SendAsync(request);
        }

        using var allowed = await PreflightAsync("https://reader.example");
        using var other = await PreflightAsync("https://elsewhere.example");

        Assert.Equal("https://reader.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task RequestOverTheLimit_413()
    {
        var body = new string('x', 2 * 1024 * 1024);
        using var response = await _web.PostAsync("/v1/authors", new StringContent($$"""{"slug": "{{body}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
