using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NewsMesh.Aip;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Media.Data;
using NewsMesh.Storage.Documents;
using NewsMesh.Testing;
using SkiaSharp;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Tests.Integration;

/// <summary>Every MediaService RPC over real gRPC, run once per storage provider.</summary>
public abstract class MediaRpcTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : MediaServiceFixture
{
    private MediaService.MediaServiceClient Client => fixture.Client;

    private static string UniqueId(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 13)];

    private string OriginalFile(string sha256) => Path.Combine(fixture.DataDirectory, "originals", sha256[..2], sha256);

    [Fact]
    public async Task UploadMedia_StreamedInChunks_StoredWithOriginalAndRenditions()
    {
        var bytes = TestImages.Photo(2400, 1600, seed: 11);

        var media = await Client.UploadAsync(bytes, chunkSize: 16 * 1024);

        Assert.StartsWith("media/", media.Name, StringComparison.Ordinal);
        Assert.Equal(MediaResource.Types.Kind.Image, media.Kind);
        Assert.Equal("Photo: Maren Holt / Northlight Agency", media.Credit);
        Assert.Equal(new Original
        {
            Width = 2400,
            Height = 1600,
            ContentType = "image/jpeg",
            SizeBytes = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        }, media.Original);
        Assert.Equal(4 * 4 * 2, media.Renditions.Count);
        Assert.Equal(1, media.Revision);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(OriginalFile(media.Original.Sha256)));
        Assert.Equal(media, await Client.GetMediaAsync(new GetMediaRequest { Name = media.Name }));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, "image/png")]
    [InlineData(SKEncodedImageFormat.Webp, "image/webp")]
    public async Task UploadMedia_PngOrWebp_Accepted(SKEncodedImageFormat format, string contentType)
    {
        var media = await Client.UploadAsync(TestImages.Photo(800, 600, format), contentType);

        Assert.Equal((800, 600, contentType), (media.Original.Width, media.Original.Height, media.Original.ContentType));
    }

    [Fact]
    public async Task UploadMedia_SameBytesTwice_TwoMediaOneStoredOriginal()
    {
        var bytes = TestImages.Photo(640, 480, seed: 12);

        var first = await Client.UploadAsync(bytes, media: Uploads.Described("First use."));
        var originals = Directory.GetFiles(Path.Combine(fixture.DataDirectory, "originals"), "*", SearchOption.AllDirectories);
        var second = await Client.UploadAsync(bytes, media: Uploads.Described("Second use, another caption."));

        Assert.NotEqual(first.Name, second.Name);
        Assert.Equal(first.Original.Sha256, second.Original.Sha256);
        Assert.Equal("Second use, another caption.", second.Caption);
        Assert.Contains(OriginalFile(first.Original.Sha256), originals);
        Assert.Equal(originals, Directory.GetFiles(Path.Combine(fixture.DataDirectory, "originals"), "*", SearchOption.AllDirectories));
        // The second upload's bytes were not kept beside the first: no part file is left either.
        Assert.Empty(Directory.GetFiles(Path.Combine(fixture.DataDirectory, "uploads")));
    }

    [Fact]
    public async Task DeleteMedia_SharedOriginal_KeptUntilTheLastMediaGoes()
    {
        var bytes = TestImages.Photo(320, 240, seed: 13);
        var first = await Client.UploadAsync(bytes);
        var second = await Client.UploadAsync(bytes);
        var file = OriginalFile(first.Original.Sha256);

        await fixture.Admin.DeleteMediaAsync(new DeleteMediaRequest { Name = first.Name });
        Assert.True(File.Exists(file));
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await Client.GetMediaAsync(new GetMediaRequest { Name = first.Name }));

        await fixture.Admin.DeleteMediaAsync(new DeleteMediaRequest { Name = second.Name, Etag = second.Etag });
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task DeleteMedia_StaleEtag_AbortedAndKept()
    {
        var media = await Client.UploadAsync(TestImages.Photo(320, 240, seed: 14));

        await RpcAssert.FailsWith(StatusCode.Aborted, async () => await fixture.Admin.DeleteMediaAsync(new DeleteMediaRequest { Name = media.Name, Etag = "r9" }));

        Assert.Equal(media, await Client.GetMediaAsync(new GetMediaRequest { Name = media.Name }));
    }

    [Fact]
    public async Task UploadMedia_SameRequestIdAgain_FirstMedia()
    {
        var bytes = TestImages.Photo(320, 240, seed: 15);
        var requestId = Guid.NewGuid().ToString();

        var first = await Client.UploadAsync(bytes, requestId: requestId);
        var retried = await Client.UploadAsync(bytes, requestId: requestId.ToUpperInvariant());

        Assert.Equal(first, retried);
    }

    [Fact]
    public async Task UploadMedia_ChosenIdTakenByOtherMedia_AlreadyExists()
    {
        var id = UniqueId("harbour");
        var first = await Client.UploadAsync(TestImages.Photo(320, 240, seed: 16), mediaId: id);
        Assert.Equal("media/" + id, first.Name);

        var other = TestImages.Photo(320, 240, seed: 17);
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, async () => await Client.UploadAsync(other, mediaId: id));

        Assert.False(File.Exists(OriginalFile(Convert.ToHexStringLower(SHA256.HashData(other)))));
    }

    [Fact]
    public async Task BatchGetMedia_InRequestOrder_AndNotFoundNamesTheMissingOne()
    {
        var a = await Client.UploadAsync(TestImages.Photo(320, 240, seed: 18));
        var b = await Client.UploadAsync(TestImages.Photo(320, 240, seed: 19));

        var found = await Client.BatchGetMediaAsync(new BatchGetMediaRequest { Names = { b.Name, a.Name, b.Name } });
        Assert.Equal([b.Name, a.Name, b.Name], found.Media.Select(m => m.Name));

        var status = await RpcAssert.FailsWith(StatusCode.NotFound,
            async () => await Client.BatchGetMediaAsync(new BatchGetMediaRequest { Names = { a.Name, "media/missing" } }));
        Assert.Equal("media/missing", status.GetDetail<Google.Rpc.ResourceInfo>()!.ResourceName);
        await RpcAssert.InvalidArgument(async () => await Client.BatchGetMediaAsync(new BatchGetMediaRequest { Names = { "authors/x" } }), "names[0]");
        await RpcAssert.InvalidArgument(async () => await Client.BatchGetMediaAsync(new BatchGetMediaRequest()), "names");
    }

    [Fact]
    public async Task ListMedia_Pages_NewestFirstWithoutGapsOrRepeats()
    {
        var uploaded = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            uploaded.Add((await Client.UploadAsync(TestImages.Photo(64, 64, seed: 100 + i))).Name);
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await Client.ListMediaAsync(new ListMediaRequest { PageSize = 2, PageToken = token });
            Assert.True(page.Media.Count <= 2);
            seen.AddRange(page.Media.Select(m => m.Name));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var ours = seen.Where(uploaded.Contains).ToList();
        Assert.Equal(uploaded.AsEnumerable().Reverse(), ours);
        await RpcAssert.InvalidArgument(async () => await Client.ListMediaAsync(new ListMediaRequest { PageToken = "forged" }), "page_token");
        await RpcAssert.InvalidArgument(async () => await Client.ListMediaAsync(new ListMediaRequest { PageSize = -1 }), "page_size");
    }

    /// <summary>As many concurrent writers as a write is attempted: each may lose a race to every other one and still land.</summary>
    private const int Writers = DocumentStore<MediaResource, MediaRecord>.WriteAttempts;

    [Fact]
    public async Task UpdateMedia_ConcurrentWritersWithoutEtag_AllApplied()
    {
        var media = await Client.UploadAsync(TestImages.Photo(64, 64, seed: 31));
        var updates = Enumerable.Range(0, Writers).Select(i => Client.UpdateMediaAsync(new UpdateMediaRequest
        {
            Media = new MediaResource { Name = media.Name, Caption = $"Writer {i}" },
            UpdateMask = FieldMask.FromString("caption"),
        }).ResponseAsync);

        var written = await Task.WhenAll(updates);

        // Each was applied to the version before it, one after another (AIP-154): as many revisions as writers.
        Assert.Equal(Enumerable.Range(2, Writers), written.Select(m => (int)m.Revision).Order());
        var stored = await Client.GetMediaAsync(new GetMediaRequest { Name = media.Name });
        Assert.Equal(1 + Writers, stored.Revision);
        Assert.Equal(written.MaxBy(m => m.Revision)!.Caption, stored.Caption);
    }

    [Fact]
    public async Task UpdateMedia_CaptionAndFocalPoint_NewRevisionAndNewRenditionUrls()
    {
        var media = await Client.UploadAsync(TestImages.Photo(2400, 1600, seed: 20));

        var updated = await Client.UpdateMediaAsync(new UpdateMediaRequest
        {
            Media = new MediaResource
            {
                Name = media.Name,
                Etag = media.Etag,
                Caption = "FILE - Fishing boats in the harbour.",
                FilePhotoTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2019, 6, 1, 6, 0, 0, TimeSpan.Zero)),
                FocalPoint = new FocalPoint { X = 0.1, Y = 0.5 },
            },
            UpdateMask = new FieldMask { Paths = { "caption", "file_photo_time", "focal_point" } },
        });

        Assert.Equal(2, updated.Revision);
        Assert.Equal(media.Credit, updated.Credit);
        Assert.Equal("FILE - Fishing boats in the harbour.", updated.Caption);
        // 2400x1600 is 3x2: a focal point further left moves the narrower crops (1x1, 4x3); the 3x2 and 16x9 ones
        // already span the whole width, so their bytes and URLs stay.
        var before = media.Renditions.ToDictionary(r => (r.AspectRatio, r.Size, r.ContentType), r => r.Uri);
        foreach (var rendition in updated.Renditions)
        {
            var moved = before[(rendition.AspectRatio, rendition.Size, rendition.ContentType)] != rendition.Uri;
            Assert.Equal(rendition.AspectRatio is "1x1" or "4x3", moved);
        }
        await RpcAssert.FailsWith(StatusCode.Aborted, async () => await Client.UpdateMediaAsync(new UpdateMediaRequest
        {
            Media = new MediaResource { Name = media.Name, Etag = media.Etag, Caption = "Stale." },
            UpdateMask = new FieldMask { Paths = { "caption" } },
        }));
    }

    [Fact]
    public async Task UpdateMedia_BadValues_EveryFieldNamed()
    {
        var media = await Client.UploadAsync(TestImages.Photo(320, 240, seed: 21));

        await RpcAssert.InvalidArgument(async () => await Client.UpdateMediaAsync(new UpdateMediaRequest
        {
            Media = new MediaResource
            {
                Name = media.Name,
                Credit = " ",
                FocalPoint = new FocalPoint { X = 1.5, Y = 0.5 },
                Crops = { ["5x4"] = new Crop { Width = 1, Height = 1 }, ["1x1"] = new Crop { X = 0.5, Width = 0.6, Height = 1 } },
                FilePhotoTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2)),
            },
            UpdateMask = new FieldMask { Paths = { "credit", "focal_point", "crops", "file_photo_time" } },
        }), "media.credit", "media.focal_point", "media.crops[5x4]", "media.crops[1x1]", "media.file_photo_time");
        await RpcAssert.InvalidArgument(async () => await Client.UpdateMediaAsync(new UpdateMediaRequest
        {
            Media = new MediaResource { Name = media.Name },
            UpdateMask = new FieldMask { Paths = { "original" } },
        }), "update_mask");
    }

    [Fact]
    public async Task UploadMedia_MissingCreditAndAltText_InvalidArgumentNamingThem()
    {
        var media = Uploads.Described();
        media.Credit = "";
        media.AltText = "";

        await RpcAssert.InvalidArgument(async () => await Client.UploadAsync(TestImages.Photo(64, 64), media: media),
            "metadata.media.credit", "metadata.media.alt_text");
    }

    [Fact]
    public async Task UploadMedia_FirstMessageIsAChunk_InvalidArgument() =>
        await RpcAssert.InvalidArgument(async () => await Client.SendAsync(Uploads.Chunks(TestImages.Photo(64, 64))), "metadata");

    [Fact]
    public async Task UploadMedia_MetadataTwice_InvalidArgument() =>
        await RpcAssert.InvalidArgument(async () => await Client.SendAsync([Uploads.Metadata(), Uploads.Metadata()]), "metadata");

    [Fact]
    public async Task UploadMedia_NoBytes_InvalidArgument() =>
        await RpcAssert.InvalidArgument(async () => await Client.SendAsync([Uploads.Metadata()]), "chunk");

    [Fact]
    public async Task UploadMedia_ChunkOver64KiB_InvalidArgument()
    {
        var jpeg = TestImages.Photo(64, 64);
        var oversized = new byte[64 * 1024 + 1];
        jpeg.CopyTo(oversized, 0);

        var bad = await RpcAssert.InvalidArgument(
            async () => await Client.SendAsync([Uploads.Metadata(), new UploadMediaRequest { Chunk = ByteString.CopyFrom(oversized) }]), "chunk");

        Assert.Contains("65536", bad.FieldViolations[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadMedia_MessageOverTheServiceLimit_ResourceExhausted()
    {
        // Past Endpoints:MaxRequestBytes (256 KiB for media) gRPC refuses the message before the service reads it.
        var huge = new byte[300 * 1024];

        var refused = await Assert.ThrowsAsync<RpcException>(
            async () => await Client.SendAsync([Uploads.Metadata(), new UploadMediaRequest { Chunk = ByteString.CopyFrom(huge) }]));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }

    [Fact]
    public async Task UploadMedia_StreamOver25MiB_InvalidArgumentBeforeTheEnd()
    {
        var jpeg = TestImages.Photo(64, 64);
        var padding = new byte[64 * 1024];
        var sent = 0;
        IEnumerable<UploadMediaRequest> Messages()
        {
            yield return Uploads.Metadata();
            yield return new UploadMediaRequest { Chunk = ByteString.CopyFrom(jpeg) };
            // 30 MiB in all unless the service stops the stream first.
            for (var i = 0; i < 480; i++)
            {
                sent++;
                yield return new UploadMediaRequest { Chunk = ByteString.CopyFrom(padding) };
            }
        }

        var bad = await RpcAssert.InvalidArgument(async () => await Client.SendAsync(Messages()), "chunk");

        Assert.Contains("26214400", bad.FieldViolations[0].Description, StringComparison.Ordinal);
        Assert.True(sent < 480, $"the whole stream ({sent} chunks) was sent before the refusal");
    }

    [Theory]
    [InlineData("svg", "image/jpeg", "chunk", "SVG")]
    [InlineData("gif", "image/jpeg", "chunk", "GIF")]
    [InlineData("text", "image/jpeg", "chunk", "not a JPEG, PNG or WebP")]
    [InlineData("png", "image/jpeg", "metadata.content_type", "the bytes are a PNG image")]
    [InlineData("jpeg", "image/webp", "metadata.content_type", "the bytes are a JPEG image")]
    [InlineData("jpeg", "image/svg+xml", "metadata.content_type", "SVG")]
    [InlineData("jpeg", "image/gif", "metadata.content_type", "image/jpeg, image/png, image/webp")]
    [InlineData("huge-png", "image/png", "chunk", "60000x60000")]
    [InlineData("48mp-png", "image/png", "chunk", "8000x6000")]
    [InlineData("wide-png", "image/png", "chunk", "12001x100")]
    [InlineData("truncated-jpeg", "image/jpeg", "chunk", "truncated")]
    [InlineData("corrupt-png", "image/png", "chunk", "corrupt")]
    public async Task UploadMedia_BadImage_InvalidArgumentAndServiceStaysUp(string kind, string contentType, string field, string says)
    {
        var bytes = kind switch
        {
            "svg" => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4000\" height=\"3000\"><rect width=\"10\" height=\"10\"/></svg>"),
            "gif" => [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0],
            "text" => Encoding.UTF8.GetBytes("A caption pasted where the photo should be."),
            "png" => TestImages.Photo(64, 64, SKEncodedImageFormat.Png),
            "jpeg" => TestImages.Photo(64, 64),
            "huge-png" => TestPng.HeaderOnly(60_000, 60_000),
            "48mp-png" => TestPng.HeaderOnly(8000, 6000),
            "wide-png" => TestPng.HeaderOnly(12_001, 100),
            "truncated-jpeg" => TestImages.Photo(1200, 800)[..20_000],
            "corrupt-png" => Corrupted(TestImages.Photo(600, 400, SKEncodedImageFormat.Png)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var bad = await RpcAssert.InvalidArgument(async () => await Client.UploadAsync(bytes, contentType), field);

        Assert.Contains(says, bad.FieldViolations[0].Description, StringComparison.Ordinal);
        var healthy = await Client.UploadAsync(TestImages.Photo(64, 64, seed: 23));
        Assert.Equal(64, healthy.Original.Width);
    }

    [Fact]
    public async Task Json_GetPatchDelete_SameMediaAsOverGrpc()
    {
        var media = await Client.UploadAsync(TestImages.Photo(640, 360, seed: 24));
        using var http = fixture.Host.CreateHttpClient();

        using var response = await http.GetAsync("/v1/" + media.Name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(media.Name, json.RootElement.GetProperty("name").GetString());
        Assert.Equal(32, json.RootElement.GetProperty("renditions").GetArrayLength());
        using var missing = await http.GetAsync("/v1/media/missing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/v1/{media.Name}?updateMask=focalPoint,caption")
        {
            Content = new StringContent("""{"focalPoint": {"x": 0.25, "y": 0.5}, "caption": "Set over JSON."}""", Encoding.UTF8, "application/json"),
        };
        using var patched = await http.SendAsync(patch);
        Assert.True(patched.StatusCode == HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        var updated = await Client.GetMediaAsync(new GetMediaRequest { Name = media.Name });
        Assert.Equal((0.25, "Set over JSON."), (updated.FocalPoint.X, updated.Caption));

        using var admin = fixture.Host.CreateHttpClient(TestIdentity.Shared.TokenFor("admin"));
        using var deleted = await admin.DeleteAsync($"/v1/{media.Name}?etag={updated.Etag}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var gone = await http.GetAsync("/v1/" + media.Name);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    /// <summary>The image's data past its header, overwritten: the header still reads, the pixels do not.</summary>
    private static byte[] Corrupted(byte[] png)
    {
        var bytes = png.ToArray();
        for (var i = 100; i < bytes.Length - 12; i++)
        {
            bytes[i] = (byte)(i * 31);
        }
        return bytes;
    }
}

public sealed class SqliteMediaRpcTests(SqliteMediaServiceFixture fixture) : MediaRpcTests<SqliteMediaServiceFixture>(fixture);

public sealed class PostgresMediaRpcTests(PostgresMediaServiceFixture fixture) : MediaRpcTests<PostgresMediaServiceFixture>(fixture);
