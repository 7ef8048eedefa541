using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NewsMesh.Contracts;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Text;
using NewsMesh.Contracts.Media.V1;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Domain;

/// <summary>
/// One rendition of one media: the region of the original it shows, its size, and the version that names its
/// bytes. The version hashes everything the bytes depend on (the original, the region, the way renditions are
/// encoded), so a new focal point or crop gives a new URL and an unchanged one keeps its URL and caches.
/// </summary>
public sealed record RenditionPlan(
    string MediaId, string Sha256, Aspect Aspect, RenditionSize Size, ImageFormat Format, PixelRect Region, int Width, int Height, string Version)
{
    /// <summary>Changes whenever the way renditions are drawn or encoded changes, so old URLs are not reused.</summary>
    public const string EncoderVersion = "skia-q82-w80-1";

    public string Uri => $"/media/{MediaId}/{Aspect.Name}/{Size.Path}.{Format.Extension}?v={Version}";

    /// <summary>A strong validator: the same version, size and format are always the same bytes.</summary>
    public string ETag => $"\"{Version}-{Size.Path}-{Format.Extension}\"";

    /// <summary>The file name this rendition is kept under, below its original's folder.</summary>
    public string FileName => $"{Aspect.Name}-{Version}-{Size.Path}.{Format.Extension}";

    public static RenditionPlan For(MediaResource media, Aspect aspect, RenditionSize size, ImageFormat format)
    {
        var original = media.Original;
        media.Crops.TryGetValue(aspect.Name, out var crop);
        var region = RenditionGeometry.Region(original.Width, original.Height, aspect, media.FocalPoint, crop);
        var (width, height) = RenditionGeometry.OutputSize(region, aspect, size);
        var id = Resources.Media.TryParse(media.Name, out var parsed) ? parsed : "";
        return new RenditionPlan(id, original.Sha256, aspect, size, format, region, width, height, VersionOf(original.Sha256, region, media.Rights?.ExpireTime));
    }

    /// <summary>Every rendition of <paramref name="media"/>, as the API lists them.</summary>
    public static IEnumerable<Rendition> Describe(MediaResource media) =>
        from aspect in RenditionCatalog.Aspects
        from size in RenditionCatalog.Sizes
        from format in ImageFormat.Renditions
        let plan = For(media, aspect, size, format)
        select new Rendition
        {
            AspectRatio = aspect.Name,
            Size = size.Name,
            Width = plan.Width,
            Height = plan.Height,
            ContentType = format.ContentType,
            Uri = plan.Uri,
            FocalPoint = plan.FocalPointIn(media.FocalPoint, media.Original.Width, media.Original.Height),
        };

    /// <summary>Where <paramref name="focal"/> (the centre when unset), a point of the original, falls in this rendition's pixels.</summary>
    public PixelPoint FocalPointIn(FocalPoint? focal, int originalWidth, int originalHeight)
    {
        var x = (focal?.X ?? 0.5) * originalWidth;
        var y = (focal?.Y ?? 0.5) * originalHeight;
        return new PixelPoint
        {
            X = Math.Clamp((int)Math.Round((x - Region.X) * Width / Region.Width), 0, Width - 1),
            Y = Math.Clamp((int)Math.Round((y - Region.Y) * Height / Region.Height), 0, Height - 1),
        };
    }

    /// <summary>
    /// What the bytes at a URL depend on; and a licence's end, when it has one, so that setting or moving it gives
    /// new URLs, and nothing cached for a year under the old ones is shown by a page again.
    /// </summary>
    private static string VersionOf(string sha256, PixelRect region, Google.Protobuf.WellKnownTypes.Timestamp? licenceEnd)
    {
        var input = string.Create(CultureInfo.InvariantCulture,
            $"{EncoderVersion}|{sha256}|{region.X},{region.Y},{region.Width},{region.Height}")
            + (licenceEnd is { } end ? string.Create(CultureInfo.InvariantCulture, $"|{end.Seconds}.{end.Nanos}") : "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)).AsSpan(0, 6));
    }
}
