using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Testing;
using SkiaSharp;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Tests.Integration;

/// <summary>Renditions over plain HTTP from a real service: sizes, crops, caching and refusals.</summary>
public sealed class RenditionHttpTests(SqliteMediaServiceFixture fixture) : IClassFixture<SqliteMediaServiceFixture>, IDisposable
{
    private readonly HttpClient _http = fixture.Host.CreateHttpClient();

    private MediaService.MediaServiceClient Client => fixture.Client;

    public void Dispose() => _http.Dispose();

    private static Rendition Find(MediaResource media, string aspect, string size, string contentType = "image/jpeg") =>
        media.Renditions.Single(r => r.AspectRatio == aspect && r.Size == size && r.ContentType == contentType);

    [Fact]
    public async Task Renditions_2400x1600Jpeg_EveryOneHasItsListedSizeAndType()
    {
        var media = await Client.UploadAsync(TestImages.Photo(2400, 1600, seed: 31));

        foreach (var rendition in media.Renditions)
        {
            using var response = await _http.GetAsync(rendition.Uri);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(rendition.ContentType, response.Content.Headers.ContentType!.MediaType);
            var size = TestImages.SizeOf(await response.Content.ReadAsByteArrayAsync());
            Assert.True((rendition.Width, rendition.Height) == size, $"{rendition.Uri}: listed {rendition.Width}x{rendition.Height}, served {size}");
        }
        var expected = new Dictionary<string, (int, int)>
        {
            ["16x9/XS"] = (320, 180), ["16x9/SM"] = (640, 360), ["16x9/MD"] = (1280, 720), ["16x9/LG"] = (1920, 1080),
            ["1x1/XS"] = (320, 320), ["1x1/SM"] = (640, 640), ["1x1/MD"] = (1280, 1280), ["1x1/LG"] = (1600, 1600),
            ["4x3/XS"] = (320, 240), ["4x3/SM"] = (640, 480), ["4x3/MD"] = (1280, 960), ["4x3/LG"] = (1920, 1440),
            ["3x2/XS"] = (320, 213), ["3x2/SM"] = (640, 427), ["3x2/MD"] = (1280, 853), ["3x2/LG"] = (1920, 1280),
        };
        foreach (var (key, size) in expected)
        {
            var parts = key.Split('/');
            foreach (var type in new[] { "image/jpeg", "image/webp" })
            {
                var rendition = Find(media, parts[0], parts[1], type);
                Assert.Equal(size, (rendition.Width, rendition.Height));
            }
        }
    }

    [Fact]
    public async Task Renditions_SmallOriginal_NeverUpscaled()
    {
        var media = await Client.UploadAsync(TestImages.Photo(500, 400, seed: 32));

        var largest = Find(media, "16x9", "LG", "image/webp");
        Assert.Equal((500, 281), (largest.Width, largest.Height));
        var bytes = await _http.GetByteArrayAsync(largest.Uri);
        Assert.Equal((500, 281), TestImages.SizeOf(bytes));
    }

    [Fact]
    public async Task Renditions_FocalPoint_CropKeepsThatSideInView()
    {
        // Red on the left third, blue elsewhere: a square crop at the far left is all red, at the far right all blue.
        var bytes = TestImages.Split(3000, 1000, SKColors.Red, SKColors.Blue, split: 1 / 3.0);
        var media = Uploads.Described();
        media.FocalPoint = new FocalPoint { X = 0, Y = 0.5 };
        var left = await Client.UploadAsync(bytes, "image/png", media);

        var leftSquare = await _http.GetByteArrayAsync(Find(left, "1x1", "XS").Uri);
        AssertReddish(TestImages.PixelAt(leftSquare, 0.1, 0.5));
        AssertReddish(TestImages.PixelAt(leftSquare, 0.9, 0.5));

        var right = await Client.UpdateMediaAsync(new UpdateMediaRequest
        {
            Media = new MediaResource { Name = left.Name, FocalPoint = new FocalPoint { X = 1, Y = 0.5 } },
            UpdateMask = new FieldMask { Paths = { "focal_point" } },
        });
        var rightSquare = await _http.GetByteArrayAsync(Find(right, "1x1", "XS").Uri);
        AssertBluish(TestImages.PixelAt(rightSquare, 0.1, 0.5));
        AssertBluish(TestImages.PixelAt(rightSquare, 0.9, 0.5));

        // The old URL now redirects to the new one, so a page cached with it still shows the picture.
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _http.BaseAddress };
        using var old = await noRedirects.GetAsync(Find(left, "1x1", "XS").Uri);
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Equal(Find(right, "1x1", "XS").Uri, old.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Renditions_CropForAnAspect_UsedInsteadOfTheFocalPoint()
    {
        var bytes = TestImages.Split(3000, 1000, SKColors.Red, SKColors.Blue, split: 1 / 3.0);
        var described = Uploads.Described();
        described.FocalPoint = new FocalPoint { X = 1, Y = 0.5 };
        described.Crops.Add("1x1", new Crop { X = 0, Y = 0, Width = 0.3, Height = 1 });
        var media = await Client.UploadAsync(bytes, "image/png", described);

        var square = Find(media, "1x1", "LG");
        Assert.Equal((900, 900), (square.Width, square.Height));
        var served = await _http.GetByteArrayAsync(square.Uri);
        AssertReddish(TestImages.PixelAt(served, 0.05, 0.5));
        AssertReddish(TestImages.PixelAt(served, 0.95, 0.5));
        // Other aspects still follow the focal point, to the blue right.
        AssertBluish(TestImages.PixelAt(await _http.GetByteArrayAsync(Find(media, "4x3", "XS").Uri), 0.05, 0.5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task Renditions_EveryCameraOrientation_Upright(int orientation)
    {
        var media = await Client.UploadAsync(TestImages.OrientedJpeg(orientation));

        Assert.Equal((300, 200), (media.Original.Width, media.Original.Height));
        var whole = await _http.GetByteArrayAsync(Find(media, "3x2", "XS").Uri);
        Assert.Equal((300, 200), TestImages.SizeOf(whole));
        AssertNear(SKColors.Red, TestImages.PixelAt(whole, 0.25, 0.25));
        AssertNear(SKColors.Lime, TestImages.PixelAt(whole, 0.75, 0.25));
        AssertNear(SKColors.Blue, TestImages.PixelAt(whole, 0.25, 0.75));
        AssertNear(SKColors.Yellow, TestImages.PixelAt(whole, 0.75, 0.75));
    }

    [Fact]
    public async Task Rendition_CachingHeaders_StrongETagImmutableAnd304()
    {
        var media = await Client.UploadAsync(TestImages.Photo(1280, 720, seed: 33));
        var uri = Find(media, "16x9", "SM", "image/webp").Uri;

        using var first = await _http.GetAsync(uri);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal("public, max-age=31536000, immutable", first.Headers.CacheControl!.ToString());

        using var again = new HttpRequestMessage(HttpMethod.Get, uri);
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var other = new HttpRequestMessage(HttpMethod.Get, uri);
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        using var changed = await _http.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, uri));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(etag, head.Headers.ETag);

        var unversioned = uri[..uri.IndexOf('?', StringComparison.Ordinal)];
        using var plain = await _http.GetAsync(unversioned);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("public, max-age=300", plain.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Rendition_ConcurrentFirstRequests_MadeOnce()
    {
        var media = await Client.UploadAsync(TestImages.Photo(2400, 1600, seed: 34));
        var uri = Find(media, "4x3", "LG", "image/webp").Uri;
        var metrics = fixture.Host.Services.GetRequiredService<MediaMetrics>();
        var before = metrics.RenditionsMade;

        var bodies = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _http.GetByteArrayAsync(uri)));

        Assert.Equal(1, metrics.RenditionsMade - before);
        Assert.All(bodies, body => Assert.Equal(bodies[0], body));
        await _http.GetByteArrayAsync(uri);
        Assert.Equal(1, metrics.RenditionsMade - before);
    }

    [Theory]
    [InlineData("/media/{id}/5x4/md.jpg", 400, "aspect")]
    [InlineData("/media/{id}/16x9/xl.jpg", 400, "size")]
    [InlineData("/media/{id}/16x9/md.gif", 400, "format")]
    [InlineData("/media/{id}/16x9/md", 400, "size")]
    [InlineData("/media/..%2F..%2Fetc%2Fpasswd/16x9/md.jpg", 400, "media")]
    [InlineData("/media/nobody-uploaded-this/16x9/md.jpg", 404, null)]
    public async Task Rendition_BadPath_ClearErrorAsJson(string path, int status, string? field)
    {
        var media = await Client.UploadAsync(TestImages.Photo(320, 240, seed: 35));
        var id = media.Name["media/".Length..];

        using var response = await _http.GetAsync(path.Replace("{id}", id, StringComparison.Ordinal));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoStore, "an error must not be cached");
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(RpcAssert.StackFrame, body);
        using var json = JsonDocument.Parse(body);
        if (field is not null)
        {
            var violations = json.RootElement.GetProperty("details")[0].GetProperty("fieldViolations");
            Assert.Contains(violations.EnumerateArray(), v => v.GetProperty("field").GetString() == field);
        }
    }

    [Fact]
    public async Task Rendition_MediaDeleted_404NotCached()
    {
        var media = await Client.UploadAsync(TestImages.Photo(640, 480, seed: 36));
        var uri = Find(media, "1x1", "SM").Uri;
        await fixture.Admin.DeleteMediaAsync(new DeleteMediaRequest { Name = media.Name });

        using var response = await _http.GetAsync(uri);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Theory]
    [InlineData("/media/../../../../etc/passwd")]
    [InlineData("/media/%2E%2E/%2E%2E/%2E%2E/etc/passwd")]
    [InlineData("/media/%2E%2E/16x9/md.jpg")]
    public async Task Rendition_DotSegments_NeverLeaveTheMediaRoutes(string path)
    {
        // Sent byte for byte: HttpClient would tidy the dot segments away before the service saw them.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", fixture.Host.HttpPort);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        var response = await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 404", response, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", response, StringComparison.Ordinal);
    }

    private static void AssertNear(SKColor expected, SKColor actual) =>
        Assert.True(Math.Abs(expected.Red - actual.Red) + Math.Abs(expected.Green - actual.Green) + Math.Abs(expected.Blue - actual.Blue) < 90,
            $"expected {expected}, got {actual}");

    private static void AssertReddish(SKColor color) => Assert.True(color.Red > 200 && color.Blue < 60, $"expected red, got {color}");

    private static void AssertBluish(SKColor color) => Assert.True(color.Blue > 200 && color.Red < 60, $"expected blue, got {color}");
}
