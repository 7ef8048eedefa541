using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NewsMesh.ServiceDefaults.Http;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>The JSON surface over HTTP/1.1: routes, and each error as its HTTP status with a google.rpc.Status body.</summary>
public class JsonTranscodingTests(SqliteArticleServiceFixture fixture) : IClassFixture<SqliteArticleServiceFixture>
{
    private static object NewArticle(string? slug = null) => new
    {
        slug = slug ?? SampleArticles.UniqueSlug(),
        languageCode = "en",
        section = SampleArticles.UniqueSection(),
        headline = "Night trains return to the Alps",
        body = new[] { new { paragraph = new { text = "The first sleeper left at <b>21:14</b>." } } },
    };

    private static async Task<JsonElement> StatusBody(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(RpcAssert.StackFrame, text);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task CrudAndLifecycle_OverJson()
    {
        using var http = fixture.Host.CreateHttpClient();
        var created = await (await http.PostAsJsonAsync("/v1/articles", NewArticle())).Content.ReadFromJsonAsync<JsonElement>();
        var name = created.GetProperty("name").GetString()!;
        var slug = created.GetProperty("slug").GetString()!;

        var got = await http.GetFromJsonAsync<JsonElement>($"/v1/{name}");
        var found = await http.GetFromJsonAsync<JsonElement>($"/v1/articles:lookup?slug={slug}&languageCode=en");
        var patched = await (await http.PatchAsJsonAsync($"/v1/{name}?updateMask=headline",
            new { headline = "Night trains are back", etag = created.GetProperty("etag").GetString() })).Content.ReadFromJsonAsync<JsonElement>();
        var published = await (await http.PostAsJsonAsync($"/v1/{name}:publish", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var listed = await http.GetFromJsonAsync<JsonElement>($"/v1/articles?section={created.GetProperty("section").GetString()}&state=STATE_PUBLISHED");
        var corrected = await (await http.PostAsJsonAsync($"/v1/{name}:correct",
            new
            {
                type = "TYPE_CORRECTION",
                text = "The first sleeper left at 21:14, not 21:40.",
                article = new { summary = "The first sleeper left at 21:14." },
                updateMask = "summary",
            })).Content.ReadFromJsonAsync<JsonElement>();
        var unpublished = await (await http.PostAsJsonAsync($"/v1/{name}:unpublish", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var retracted = await (await http.PostAsJsonAsync($"/v1/{name}:retract", new { reason = "Withdrawn for a test." })).Content.ReadFromJsonAsync<JsonElement>();
        using var deleted = await http.DeleteAsync($"/v1/{name}");

        Assert.Equal(name, got.GetProperty("name").GetString());
        Assert.Equal(name, found.GetProperty("name").GetString());
        Assert.Equal("Night trains are back", patched.GetProperty("headline").GetString());
        Assert.Equal("STATE_PUBLISHED", published.GetProperty("state").GetString());
        Assert.Equal(name, listed.GetProperty("articles")[0].GetProperty("name").GetString());
        Assert.Equal("TYPE_CORRECTION", corrected.GetProperty("corrections")[0].GetProperty("type").GetString());
        Assert.Equal("STATE_UNPUBLISHED", unpublished.GetProperty("state").GetString());
        Assert.Equal("STATE_RETRACTED", retracted.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
    }

    [Fact]
    public async Task SharedCacheStatement_OnlyOnPublishedAnswers()
    {
        using var http = fixture.Host.CreateHttpClient();
        var created = await (await http.PostAsJsonAsync("/v1/articles", NewArticle())).Content.ReadFromJsonAsync<JsonElement>();
        var name = created.GetProperty("name").GetString()!;
        var section = created.GetProperty("section").GetString()!;

        using var draft = await http.GetAsync($"/v1/{name}");
        using var draftList = await http.GetAsync($"/v1/articles?section={section}");
        (await http.PostAsJsonAsync($"/v1/{name}:publish", new { })).Dispose();
        using var published = await http.GetAsync($"/v1/{name}");
        using var publishedList = await http.GetAsync($"/v1/articles?section={section}");
        (await http.PostAsJsonAsync($"/v1/{name}:retract", new { reason = "Withdrawn for a test." })).Dispose();
        using var retracted = await http.GetAsync($"/v1/{name}");

        Assert.False(draft.Headers.Contains(SharedCache.Header));
        Assert.False(draftList.Headers.Contains(SharedCache.Header));
        Assert.Equal("public", Assert.Single(published.Headers.GetValues(SharedCache.Header)));
        Assert.Equal("public", Assert.Single(publishedList.Headers.GetValues(SharedCache.Header)));
        Assert.False(retracted.Headers.Contains(SharedCache.Header));
    }

    [Fact]
    public async Task BadField_400_WithBadRequestDetails()
    {
        using var http = fixture.Host.CreateHttpClient();
        using var response = await http.PostAsJsonAsync("/v1/articles", new { slug = "Bad Slug", languageCode = "en", section = "world", headline = "x" });

        var body = await StatusBody(response, HttpStatusCode.BadRequest);

        Assert.Equal(3, body.GetProperty("code").GetInt32());
        var detail = body.GetProperty("details")[0];
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", detail.GetProperty("@type").GetString());
        Assert.Equal("article.slug", detail.GetProperty("fieldViolations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Unknown_404()
    {
        using var http = fixture.Host.CreateHttpClient();
        using var response = await http.GetAsync("/v1/articles/doesnotexist");
        Assert.Equal(5, (await StatusBody(response, HttpStatusCode.NotFound)).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task SlugTaken_409()
    {
        using var http = fixture.Host.CreateHttpClient();
        var slug = SampleArticles.UniqueSlug();
        (await http.PostAsJsonAsync("/v1/articles", NewArticle(slug))).EnsureSuccessStatusCode();

        using var response = await http.PostAsJsonAsync("/v1/articles", NewArticle(slug));

        Assert.Equal(6, (await StatusBody(response, HttpStatusCode.Conflict)).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task StaleEtag_412()
    {
        using var http = fixture.Host.CreateHttpClient();
        var created = await (await http.PostAsJsonAsync("/v1/articles", NewArticle())).Content.ReadFromJsonAsync<JsonElement>();

        using var response = await http.PatchAsJsonAsync($"/v1/{created.GetProperty("name").GetString()}?updateMask=headline",
            new { headline = "Stale", etag = "r0" });

        Assert.Equal(10, (await StatusBody(response, HttpStatusCode.PreconditionFailed)).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task IllegalTransition_400_FailedPrecondition()
    {
        using var http = fixture.Host.CreateHttpClient();
        var created = await (await http.PostAsJsonAsync("/v1/articles", NewArticle())).Content.ReadFromJsonAsync<JsonElement>();

        using var response = await http.PostAsJsonAsync($"/v1/{created.GetProperty("name").GetString()}:unpublish", new { });

        Assert.Equal(9, (await StatusBody(response, HttpStatusCode.BadRequest)).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task NegativePageSize_400()
    {
        using var http = fixture.Host.CreateHttpClient();
        using var response = await http.GetAsync("/v1/articles?pageSize=-5");
        var body = await StatusBody(response, HttpStatusCode.BadRequest);
        Assert.Equal("page_size", body.GetProperty("details")[0].GetProperty("fieldViolations")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BodyOver1MiB_413_DeclaredOrChunked(bool chunked)
    {
        using var http = fixture.Host.CreateHttpClient();
        var json = JsonSerializer.Serialize(new { slug = "big", languageCode = "en", section = "world", headline = "x", summary = new string('y', 1_100_000) });
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        if (chunked)
        {
            await content.LoadIntoBufferAsync();
            content.Headers.ContentLength = null;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/articles") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await http.SendAsync(request);

        await StatusBody(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task MalformedJson_400_NoStackTrace()
    {
        using var http = fixture.Host.CreateHttpClient();
        using var response = await http.PostAsync("/v1/articles", new StringContent("{\"slug\": ", Encoding.UTF8, "application/json"));
        await StatusBody(response, HttpStatusCode.BadRequest);
    }
}
