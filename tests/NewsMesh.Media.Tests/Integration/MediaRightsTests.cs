using System.Net;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Media.Data;
using NewsMesh.ServiceDefaults.Http;
using NewsMesh.Testing;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Tests.Integration;

/// <summary>Licences that end, on a fake clock the test moves: the media is withdrawn at the time, and nothing caches it past then.</summary>
public sealed class MediaRightsTests
{
    private static MediaResource Licensed(DateTimeOffset? end) => Uploads.Described().Also(m =>
        m.Rights = new Rights { UsageTerms = "Editorial use only", ExpireTime = end is { } at ? Timestamp.FromDateTimeOffset(at) : null });

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task LicenceEnds_MediaWithdrawnAtThatTime_AndNoAnswerIsCachedPastIt(string provider)
    {
        await using var database = await TestDatabase.OfAsync(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new KestrelServiceHost<Program>(database, clock: clock);
        host.StartServer();
        var client = new MediaService.MediaServiceClient(host.Channel);
        using var http = host.CreateHttpClient(null);
        var now = clock.GetUtcNow();

        var ending = await client.UploadAsync(TestImages.Photo(640, 360, seed: 3), media: Licensed(now.AddMinutes(10)));
        var ended = await client.UploadAsync(TestImages.Photo(640, 360, seed: 4), media: Licensed(now.AddDays(-1)));
        var open = await client.UploadAsync(TestImages.Photo(640, 360, seed: 5), media: Licensed(null));

        Assert.True(ended.Withdrawn);
        Assert.False(ending.Withdrawn);
        using (var gone = await http.GetAsync(ended.Renditions[0].Uri))
        {
            Assert.Equal(HttpStatusCode.UnavailableForLegalReasons, gone.StatusCode);
            Assert.Equal("no-store", gone.Headers.CacheControl!.ToString());
            var status = JsonDocument.Parse(await gone.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains("RIGHTS_EXPIRED", status.GetProperty("details").GetRawText(), StringComparison.Ordinal);
        }
        using (var shown = await http.GetAsync(ending.Renditions[0].Uri))
        {
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
            Assert.Equal(TimeSpan.FromMinutes(10), shown.Headers.CacheControl!.MaxAge);
            Assert.DoesNotContain(shown.Headers.CacheControl.Extensions, e => e.Name == "immutable");
        }
        using (var call = client.GetMediaAsync(new GetMediaRequest { Name = ending.Name }))
        {
            Assert.True(SharedCache.IsPublic(await call.ResponseHeadersAsync, out var seconds));
            Assert.Equal(600, seconds);
        }
        var expiring = await client.ListMediaAsync(new ListMediaRequest { RightsExpireBefore = Timestamp.FromDateTimeOffset(now.AddHours(1)) });
        Assert.Equal(new[] { ending.Name, ended.Name }.Order(StringComparer.Ordinal), expiring.Media.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(open.Name, expiring.Media.Select(m => m.Name));

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.True((await client.GetMediaAsync(new GetMediaRequest { Name = ending.Name })).Withdrawn);
        using var after = await http.GetAsync(ending.Renditions[0].Uri);
        Assert.Equal(HttpStatusCode.UnavailableForLegalReasons, after.StatusCode);
    }

    [Fact]
    public async Task UsageTermsTooLong_InvalidArgumentNamingIt()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new KestrelServiceHost<Program>(database);
        host.StartServer();
        var client = new MediaService.MediaServiceClient(host.Channel);
        var media = Uploads.Described().Also(m => m.Rights.UsageTerms = new string('x', 1_001));

        await RpcAssert.InvalidArgument(() => client.UploadAsync(TestImages.Photo(64, 36), media: media), "metadata.media.rights.usage_terms");
    }

    [Fact]
    public void SettingOrMovingALicenceEnd_GivesEveryRenditionANewUrl()
    {
        var media = new MediaResource
        {
            Name = "media/licensed",
            Original = new Original { Width = 1600, Height = 900, ContentType = "image/jpeg", Sha256 = new string('a', 64) },
        };
        var open = NewsMesh.Media.Domain.RenditionPlan.Describe(media).Select(r => r.Uri).ToList();
        media.Rights = new Rights { ExpireTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(7)) };
        var ending = NewsMesh.Media.Domain.RenditionPlan.Describe(media).Select(r => r.Uri).ToList();
        media.Rights.ExpireTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1));
        var sooner = NewsMesh.Media.Domain.RenditionPlan.Describe(media).Select(r => r.Uri).ToList();

        Assert.NotEmpty(open);
        Assert.Empty(open.Intersect(ending));
        Assert.Empty(ending.Intersect(sooner));
    }

    [Fact]
    public void LegacyFreeTextRights_AreReadFromTheOldField()
    {
        var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString("media/old");
        output.WriteTag(8, WireFormat.WireType.LengthDelimited);
        output.WriteString("Editorial use only");
        output.WriteTag(4, WireFormat.WireType.LengthDelimited);
        output.WriteString("Photo: Archive");
        output.Flush();

        Assert.Equal("Editorial use only", LegacyRightsBackfill.UsageTerms(stream.ToArray()));
        Assert.Null(LegacyRightsBackfill.UsageTerms(new MediaResource { Name = "media/new" }.ToByteArray()));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task ALicenceThatEndsByItself_IsToldToTheFeedOnce_WhenItsTimeComes(string provider)
    {
        await using var database = await TestDatabase.OfAsync(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new KestrelServiceHost<Program>(database, clock: clock);
        host.StartServer();
        var client = new MediaService.MediaServiceClient(host.Channel);
        var now = clock.GetUtcNow();
        var start = (await client.ListChangesAsync(new ListChangesRequest())).NextCursor;
        async Task<List<string>> WithdrawnAsync() =>
            [.. (await client.ListChangesAsync(new ListChangesRequest { After = start, Kinds = { ChangeKind.RightsWithdrawn } })).Changes.Select(c => c.Resource)];

        var ending = await client.UploadAsync(TestImages.Photo(640, 360, seed: 6), media: Licensed(now.AddMinutes(10)));
        var cut = await client.UploadAsync(TestImages.Photo(640, 360, seed: 7), media: Licensed(now.AddHours(1)));
        await client.UpdateMediaAsync(new UpdateMediaRequest
        {
            Media = new MediaResource { Name = cut.Name, Rights = new Rights { UsageTerms = "Cut short", ExpireTime = Timestamp.FromDateTimeOffset(now.AddMinutes(-1)) } },
            UpdateMask = new FieldMask { Paths = { "rights" } },
        });
        Assert.Equal([cut.Name], await WithdrawnAsync());

        clock.Advance(TimeSpan.FromMinutes(11));
        await RpcAssert.Eventually(async () => (await WithdrawnAsync()).Contains(ending.Name), TimeSpan.FromSeconds(20), "the ended licence to be told");

        // Another licence ending proves the sweep ran again since: still one change for each.
        var later = await client.UploadAsync(TestImages.Photo(640, 360, seed: 8), media: Licensed(clock.GetUtcNow().AddMinutes(5)));
        clock.Advance(TimeSpan.FromMinutes(6));
        await RpcAssert.Eventually(async () => (await WithdrawnAsync()).Contains(later.Name), TimeSpan.FromSeconds(20), "the second ended licence to be told");
        var told = await WithdrawnAsync();
        Assert.Equal([cut.Name, ending.Name, later.Name], told);
        var change = (await client.ListChangesAsync(new ListChangesRequest { After = start, Kinds = { ChangeKind.RightsWithdrawn } })).Changes[1];
        Assert.Equal(ending.Revision, change.Revision);
        Assert.Contains($"media:{ending.Name["media/".Length..]}", change.SurrogateKeys);
        Assert.Equal(Audience.Public, change.Audience);
    }
}
