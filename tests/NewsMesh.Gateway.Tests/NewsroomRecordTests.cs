using System.Net;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Testing;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Gateway.Tests;

/// <summary>
/// The newsroom's record through the gateway, on real processes: an embargoed story reaches partners only until its
/// time, by every path and through every cache; a photo whose licence ended leaves the page; a translation that
/// fell behind says so on its source's page.
/// </summary>
[Collection(GatewayProcesses.Name)]
public sealed class NewsroomRecordTests : IAsyncLifetime
{
    private GatewayMesh _mesh = null!;

    public async Task InitializeAsync() => _mesh = await GatewayMesh.StartAsync();

    public Task DisposeAsync() => _mesh.DisposeAsync();

    private ArticleService.ArticleServiceClient Editor => new(_mesh.Articles.Channel);

    [Fact]
    public async Task EmbargoedStory_NeverReachesAnonymousReadersBeforeItsTime_PartnersReadIt_ThenEveryoneWithinSeconds()
    {
        var lifted = DateTimeOffset.UtcNow.AddSeconds(6);
        var story = new Article
        {
            Slug = "embargoed-" + Guid.NewGuid().ToString("N")[..12], LanguageCode = "en", Section = "embargoes",
            Headline = "Results held until the embargo lifts",
            Body = { new Block { Paragraph = new Paragraph { Text = "Under embargo." } } },
            EmbargoTime = Timestamp.FromDateTimeOffset(lifted),
        };
        var created = await Editor.CreateArticleAsync(new CreateArticleRequest { Article = story });
        await Editor.PublishArticleAsync(new PublishArticleRequest { Name = created.Name, PublishTime = story.EmbargoTime });
        var paths = new[]
        {
            $"/v1/{created.Name}",
            $"/v1/articles:lookup?slug={story.Slug}&languageCode=en",
            $"/v1/pages/articles/{story.Slug}?lang=en",
            $"/v1/{created.Name}/revisions",
        };
        using var anonymous = _mesh.Web();
        using var partner = _mesh.Web(TestIdentity.Shared.TokenFor("partner"));

        foreach (var path in paths)
        {
            // Twice: the second would come from the gateway's page cache or the service's article cache had either kept the first.
            for (var i = 0; i < 2; i++)
            {
                using var response = await anonymous.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
                Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            }
            using var partnerResponse = await partner.GetAsync(path);
            Assert.True(partnerResponse.StatusCode == HttpStatusCode.OK, $"{path} for a partner: {partnerResponse.StatusCode}");
            Assert.True(partnerResponse.Headers.CacheControl!.Private, $"{path} for a partner must not be shared");
        }
        using (var list = await anonymous.GetAsync("/v1/articles?section=embargoes"))
        {
            Assert.DoesNotContain(created.Name, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // Every public list is kept, stale or not, no later than the moment the story is due.
        using (var published = await anonymous.GetAsync("/v1/articles?state=STATE_PUBLISHED"))
        {
            var caching = published.Headers.CacheControl!;
            Assert.True(caching.Public);
            Assert.InRange(caching.MaxAge!.Value, TimeSpan.Zero, lifted - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
            Assert.DoesNotContain(caching.Extensions, e => e.Name == "stale-while-revalidate");
        }

        await RpcAssert.Eventually(async () =>
        {
            using var page = await anonymous.GetAsync(paths[2]);
            return page.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), "the story's page to reach anonymous readers after the embargo");
        Assert.True(DateTimeOffset.UtcNow - lifted < TimeSpan.FromSeconds(20), "the story appeared too late");
        using var listed = await anonymous.GetAsync("/v1/articles?section=embargoes");
        Assert.Contains(created.Name, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhotoWhoseLicenceEnded_IsLeftOutOfThePage_AndItsRenditionsAnswer451()
    {
        var media = new MediaService.MediaServiceClient(_mesh.Media.Channel);
        var ended = await GatewayMesh.UploadAsync(media, "", TestPng.Solid(640, 360, 90, 30, 30), new MediaResource
        {
            Credit = "Photo: Agency", AltText = "A licensed photo.",
            Rights = new Rights { UsageTerms = "One week only", ExpireTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)) },
        });
        Assert.True(ended.Withdrawn);
        var slug = "licence-ended-" + Guid.NewGuid().ToString("N")[..12];
        var created = await Editor.CreateArticleAsync(new CreateArticleRequest
        {
            Article = new Article
            {
                Slug = slug, LanguageCode = "en", Section = "world", Headline = "A story whose photo's licence ended",
                Body = { new Block { Paragraph = new Paragraph { Text = "Still readable." } } },
                LeadMedia = new LeadMedia { Media = ended.Name },
            },
        });
        await Editor.PublishArticleAsync(new PublishArticleRequest { Name = created.Name });
        using var web = _mesh.Web();

        var page = JsonDocument.Parse(await web.GetStringAsync($"/v1/pages/articles/{slug}?lang=en")).RootElement;

        Assert.False(page.TryGetProperty("leadImage", out _));
        Assert.Equal(ended.Name, page.GetProperty("withdrawnMedia")[0].GetString());
        Assert.Equal("A story whose photo's licence ended", page.GetProperty("article").GetProperty("headline").GetString());
        using var rendition = await web.GetAsync(ended.Renditions[0].Uri);
        Assert.Equal(HttpStatusCode.UnavailableForLegalReasons, rendition.StatusCode);
    }

    [Fact]
    public async Task TranslationBehindItsSource_IsMarkedOnTheSourcesPage_WithTheCorrectionThatMovedIt()
    {
        var source = await Editor.GetArticleAsync(new GetArticleRequest { Name = _mesh.English.Name });
        await Editor.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = _mesh.French.Name, TranslationSource = new TranslationSource { Article = source.Name, Revision = source.Revision } },
            UpdateMask = FieldMask.FromString("translation_source"),
        });
        using var web = _mesh.Web();
        bool Behind(JsonElement page) => page.GetProperty("translations")[0].TryGetProperty("behind", out var behind) && behind.GetBoolean();
        Assert.False(Behind(JsonDocument.Parse(await web.GetStringAsync("/v1/pages/articles/ferry-crews-strike?lang=en")).RootElement));

        var corrected = await Editor.CorrectArticleAsync(new CorrectArticleRequest
        {
            Name = source.Name, Type = Correction.Types.Type.Correction, Text = "Talks resume on Monday, not Sunday.",
            Article = new Article { Summary = "Crews stopped work at dawn; talks resume on Monday." },
            UpdateMask = FieldMask.FromString("summary"),
        });

        JsonElement page = default;
        await RpcAssert.Eventually(async () =>
        {
            page = JsonDocument.Parse(await web.GetStringAsync("/v1/pages/articles/ferry-crews-strike?lang=en")).RootElement;
            return Behind(page);
        }, TimeSpan.FromSeconds(10), "the English page to say the French version is behind");
        var note = page.GetProperty("article").GetProperty("corrections")[0];
        Assert.Equal("Talks resume on Monday, not Sunday.", note.GetProperty("text").GetString());
        Assert.Equal(corrected.Corrections[0].CreateTime.ToDateTimeOffset(), note.GetProperty("createTime").GetDateTimeOffset());
        // An int64 may be written as a number or as a string in JSON; either way it names the revision that fixed it.
        Assert.Equal(corrected.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), note.GetProperty("revision").GetRawText().Trim('"'));
    }
}
