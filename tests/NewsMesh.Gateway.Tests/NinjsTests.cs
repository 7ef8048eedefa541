using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Json.Schema;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Testing;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Gateway.Tests;

/// <summary>
/// Articles as IPTC ninjs 3.0 for syndication, through the gateway over JSON and gRPC, each document checked against
/// the IPTC's own schema (Ninjs/ninjs-schema_3.0.json), formats included.
/// </summary>
[Collection(GatewayProcesses.Name)]
public sealed class NinjsTests : IAsyncLifetime
{
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Ninjs", "ninjs-schema_3.0.json"));
    private GatewayMesh _mesh = null!;

    private ArticleService.ArticleServiceClient Editor => new(_mesh.Articles.Channel);

    public async Task InitializeAsync() => _mesh = await GatewayMesh.StartAsync();

    public Task DisposeAsync() => _mesh.DisposeAsync();

    [Fact]
    public async Task APublishedArticle_IsAValidNinjsDocument_WithItsText_Bylines_AndImagesWithTheirRenditions()
    {
        using var web = _mesh.Web();

        using var answer = await web.GetAsync($"/v1/{_mesh.English.Name}:ninjs");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("public", answer.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var keys = answer.Headers.GetValues("Surrogate-Key").Single().Split(' ');
        Assert.Contains("author:ines-calder", keys);
        Assert.Contains($"media:{_mesh.Lead.Name["media/".Length..]}", keys);
        var ninjs = Valid(await answer.Content.ReadAsStringAsync());
        Assert.Equal($"urn:newsmesh:articles:{_mesh.English.Name["articles/".Length..]}", (string?)ninjs["uri"]);
        Assert.Equal("text", (string?)ninjs["type"]);
        Assert.Equal(_mesh.English.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)ninjs["version"]);
        Assert.Equal("usable", (string?)ninjs["pubStatus"]);
        Assert.Null(ninjs["embargoedUntil"]);
        Assert.Equal("en", (string?)ninjs["language"]);
        Assert.Equal("Ferry crews strike over rosters", (string?)ninjs["headlines"]![0]!["value"]);
        var body = ninjs["bodies"]![0]!;
        Assert.Equal("text/html", (string?)body["contentType"]);
        Assert.StartsWith("<p>Ferry crews stopped work at dawn.</p><figure><img src=\"http://localhost:8080/media/", (string?)body["value"], StringComparison.Ordinal);
        Assert.Contains("<figcaption>Crossings per month.</figcaption></figure><p>Talks resume on Monday.</p>", (string?)body["value"], StringComparison.Ordinal);
        Assert.Equal(10, (int?)body["wordCount"]);
        Assert.Equal("Ines Calder", (string?)ninjs["people"]![0]!["name"]);
        Assert.Equal("author", (string?)ninjs["people"]![0]!["rel"]);
        Assert.Equal("Northwire", (string?)ninjs["infoSources"]![0]!["name"]);
        Assert.Null(ninjs["organisations"]);
        Assert.Equal("Ines Calder", (string?)ninjs["by"]);
        Assert.Contains(ninjs["subjects"]!.AsArray(), s => (string?)s!["name"] == "world" && (string?)s["rel"] == "section");
        Assert.Equal("NewsMesh", (string?)ninjs["copyrightHolder"]);

        var lead = ninjs["associations"]!.AsArray().Single(a => (string?)a!["name"] == "lead-image")!;
        Assert.Equal("picture", (string?)lead["type"]);
        Assert.Equal($"urn:newsmesh:media:{_mesh.Lead.Name["media/".Length..]}", (string?)lead["uri"]);
        Assert.Equal("Photo: Maren Holt / Northwire", (string?)lead["copyrightHolder"]);
        Assert.Equal("Ferries wait at the quay.", (string?)lead["headlines"]![0]!["value"]);
        Assert.Equal("Two white ferries moored at a concrete quay.", (string?)lead["descriptions"]![0]!["value"]);
        var renditions = lead["renditions"]!.AsArray();
        Assert.Equal(_mesh.Lead.Renditions.Count, renditions.Count);
        var medium = renditions.Single(r => (string?)r!["name"] == "16x9-md-jpeg")!;
        Assert.Equal("16:9", (string?)medium["aspectRatio"]);
        Assert.Equal("image/jpeg", (string?)medium["contentType"]);
        var expected = _mesh.Lead.Renditions.Single(r => r is { AspectRatio: "16x9", Size: "MD", ContentType: "image/jpeg" });
        Assert.Equal(expected.Width, (int?)medium["width"]);
        Assert.Equal(expected.Height, (int?)medium["height"]);
        Assert.Equal("http://localhost:8080" + expected.Uri, (string?)medium["href"]);
        // The 1600x900 original without a focal point: its centre, in a 16x9 rendition that is the whole image.
        Assert.Equal(expected.Width / 2, (int?)medium["poi"]!["x"]);
        Assert.Equal(expected.Height / 2, (int?)medium["poi"]!["y"]);
        using var rendition = await web.GetAsync(new Uri((string)medium["href"]!).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, rendition.StatusCode);
        Assert.Contains(ninjs["associations"]!.AsArray(), a => (string?)a!["uri"] == $"urn:newsmesh:media:{_mesh.Inline.Name["media/".Length..]}" && (string?)a["rel"] == "inline");
    }

    [Fact]
    public void TheSchema_RefusesWhatNinjsDoesNotDefine()
    {
        var options = new EvaluationOptions { RequireFormatValidation = true };

        Assert.True(Schema.Evaluate(JsonDocument.Parse("""{"uri": "urn:newsmesh:articles:x"}""").RootElement, options).IsValid);
        Assert.False(Schema.Evaluate(JsonDocument.Parse("""{"uri": "urn:newsmesh:articles:x", "corrections": []}""").RootElement, options).IsValid);
        Assert.False(Schema.Evaluate(JsonDocument.Parse("""{"uri": "urn:newsmesh:articles:x", "versionCreated": "yesterday"}""").RootElement, options).IsValid);
    }

    [Fact]
    public async Task OverGrpc_ThroughTheGateway_ItIsTheSameDocument()
    {
        using var web = _mesh.Web();
        var overJson = JsonNode.Parse(await web.GetStringAsync($"/v1/{_mesh.French.Name}:ninjs"));

        using var channel = _mesh.Grpc();
        var overGrpc = await new ArticleService.ArticleServiceClient(channel).GetArticleNinjsAsync(new GetArticleNinjsRequest { Name = _mesh.French.Name });

        Assert.Equal("application/json", overGrpc.ContentType);
        var document = Valid(overGrpc.Data.ToStringUtf8());
        Assert.True(JsonNode.DeepEquals(overJson, document));
        Assert.Equal("fr", (string?)document["language"]);
    }

    [Fact]
    public async Task Corrections_Embargoes_Drafts_AndRetractions_AreTold_AndOnlyToWhoMaySeeThem()
    {
        using var anonymous = _mesh.Web();
        using var editor = _mesh.Web(GatewayMesh.Editor);
        using var partner = _mesh.Web(TestIdentity.Shared.TokenFor("partner"));

        var story = await PublishedAsync("A story that is corrected, then retracted", null);
        await Editor.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = story.Name,
            Type = Correction.Types.Type.Correction,
            Text = "An earlier version gave the wrong date.",
            Article = new Article { Headline = "A story that was corrected" },
            UpdateMask = new FieldMask { Paths = { "headline" } },
        });
        var corrected = Valid(await anonymous.GetStringAsync($"/v1/{story.Name}:ninjs"));
        Assert.Contains(corrected["descriptions"]!.AsArray(), d => (string?)d!["role"] == "correction" && (string?)d["value"] == "An earlier version gave the wrong date.");
        Assert.Equal("A story that was corrected", (string?)corrected["headlines"]![0]!["value"]);
        await Editor.RetractArticleAsync(new RetractArticleRequest { Name = story.Name, Reason = "The story could not be verified." });
        var retracted = Valid(await anonymous.GetStringAsync($"/v1/{story.Name}:ninjs"));
        Assert.Equal("canceled", (string?)retracted["pubStatus"]);
        Assert.Contains(retracted["descriptions"]!.AsArray(), d => (string?)d!["role"] == "retraction");

        var embargo = DateTimeOffset.UtcNow.AddHours(2);
        var embargoed = await PublishedAsync("A story under embargo", embargo);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/v1/{embargoed.Name}:ninjs")).StatusCode);
        using var forPartner = await partner.GetAsync($"/v1/{embargoed.Name}:ninjs");
        Assert.Equal(HttpStatusCode.OK, forPartner.StatusCode);
        Assert.Contains("private", forPartner.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var withheld = Valid(await forPartner.Content.ReadAsStringAsync());
        Assert.Equal("withheld", (string?)withheld["pubStatus"]);
        Assert.Equal(embargo.ToUnixTimeSeconds(), DateTimeOffset.Parse((string)withheld["embargoedUntil"]!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/v1/{_mesh.Draft.Name}:ninjs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/v1/{_mesh.Draft.Name}:ninjs")).StatusCode);
        Assert.Equal("withheld", (string?)Valid(await editor.GetStringAsync($"/v1/{_mesh.Draft.Name}:ninjs"))["pubStatus"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/v1/articles/not%20an%20id:ninjs")).StatusCode);
    }

    [Fact]
    public async Task AnImageWhoseLicenceEnded_IsLeftOut()
    {
        var media = new MediaService.MediaServiceClient(_mesh.Media.Channel);
        var photo = await GatewayMesh.UploadAsync(media, "", TestPng.Solid(640, 360, 10, 120, 60), new MediaResource
        {
            Credit = "Photo: Agency",
            AltText = "A licensed photo.",
            Rights = new Rights { UsageTerms = "Editorial use only" },
        });
        var story = await PublishedAsync("A story whose photo's licence ends", null, photo.Name);
        using var web = _mesh.Web();
        var before = Valid(await web.GetStringAsync($"/v1/{story.Name}:ninjs"));
        Assert.Equal("Editorial use only", (string?)before["associations"]![0]!["usageTerms"]);

        await media.UpdateMediaAsync(new UpdateMediaRequest
        {
            Media = new MediaResource { Name = photo.Name, Rights = new Rights { UsageTerms = "Ended", ExpireTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)) } },
            UpdateMask = new FieldMask { Paths = { "rights" } },
        });

        await RpcAssert.Eventually(async () => Valid(await web.GetStringAsync($"/v1/{story.Name}:ninjs"))["associations"] is null,
            TimeSpan.FromSeconds(30), "the withdrawn photo to leave the document");
    }

    private async Task<Article> PublishedAsync(string headline, DateTimeOffset? embargo, string? lead = null)
    {
        var article = new Article
        {
            Slug = "ninjs-" + Guid.NewGuid().ToString("N")[..12],
            LanguageCode = "en",
            Section = "world",
            Headline = headline,
            Body = { new Block { Paragraph = new Paragraph { Text = "Written for the <b>syndication</b> tests &amp; nothing else." } } },
        };
        if (lead is not null)
        {
            article.LeadMedia = new LeadMedia { Media = lead };
        }
        if (embargo is { } until)
        {
            article.EmbargoTime = Timestamp.FromDateTimeOffset(until);
        }
        var created = await Editor.CreateArticleAsync(new CreateArticleRequest { Article = article });
        return await Editor.PublishArticleAsync(new PublishArticleRequest
        {
            Name = created.Name,
            PublishTime = embargo is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        });
    }

    /// <summary>Parses <paramref name="json"/> and asserts it is valid ninjs 3.0, naming what is not.</summary>
    private static JsonNode Valid(string json)
    {
        var document = JsonDocument.Parse(json).RootElement;
        var result = Schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(result.IsValid, "not valid ninjs 3.0: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        return JsonNode.Parse(json)!;
    }
}
