using NewsMesh.Media.Domain;
using NewsMesh.Media.Originals;
using SkiaSharp;

namespace NewsMesh.Media.Imaging;

/// <summary>
/// Draws one rendition from an original: decodes it at the smallest eighth of its size that still has enough
/// pixels (JPEG and WebP decode scaled directly; PNG only at full size), turns it upright, cuts the region and
/// scales it in one draw.
/// </summary>
public static class RenditionMaker
{
    private const int JpegQuality = 82;
    private const int WebpQuality = 80;

    public static byte[] Make(string originalPath, RenditionPlan plan)
    {
        using var codec = SKCodec.Create(originalPath, out var opened)
            ?? throw (File.Exists(originalPath)
                ? new InvalidDataException($"The original {plan.Sha256} cannot be opened ({opened}).")
                : new OriginalGoneException(plan.Sha256));
        var origin = codec.EncodedOrigin;
        var swap = Orientation.SwapsAxes(origin);
        var region = plan.Region;

        var wanted = Math.Min(1.0, Math.Max((double)plan.Width / region.Width, (double)plan.Height / region.Height));
        var scaled = SmallestDecodeSize(codec, wanted);
        var info = new SKImageInfo(scaled.Width, scaled.Height, SKImageInfo.PlatformColorType,
            codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded != SKCodecResult.Success)
        {
            throw new InvalidDataException($"The original {plan.Sha256} did not decode ({decoded}).");
        }

        // Displayed pixels per original displayed pixel, along each displayed axis.
        var scaleX = swap ? (float)scaled.Height / codec.Info.Height : (float)scaled.Width / codec.Info.Width;
        var scaleY = swap ? (float)scaled.Width / codec.Info.Width : (float)scaled.Height / codec.Info.Height;
        var matrix = SKMatrix.CreateScale(plan.Width / (region.Width * scaleX), plan.Height / (region.Height * scaleY))
            .PreConcat(SKMatrix.CreateTranslation(-region.X * scaleX, -region.Y * scaleY))
            .PreConcat(Orientation.ToDisplay(origin, scaled.Width, scaled.Height));

        var output = new SKImageInfo(plan.Width, plan.Height, SKImageInfo.PlatformColorType,
            plan.Format == ImageFormat.Jpeg ? SKAlphaType.Opaque : SKAlphaType.Premul);
        using var surface = SKSurface.Create(output)
            ?? throw new InvalidOperationException($"No {plan.Width}x{plan.Height} surface could be made.");
        var canvas = surface.Canvas;
        canvas.Clear(plan.Format == ImageFormat.Jpeg ? SKColors.White : SKColors.Transparent);
        canvas.SetMatrix(matrix);
        // Bilinear is enough for shrinking up to 2x, which is what a scaled decode usually leaves; a bigger shrink
        // (PNG, which cannot decode scaled, or below an eighth) needs mipmaps, which cost about five times as much.
        var shrink = region.Width * scaleX / plan.Width;
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, shrink > 2 ? SKMipmapMode.Linear : SKMipmapMode.None);
        using (var pixels = bitmap.PeekPixels())
        using (var image = SKImage.FromPixels(pixels))
        {
            canvas.DrawImage(image, 0, 0, sampling);
        }
        canvas.Flush();

        using var snapshot = surface.Snapshot();
        using var data = plan.Format == ImageFormat.Jpeg
            ? snapshot.Encode(SKEncodedImageFormat.Jpeg, JpegQuality)
            : snapshot.Encode(SKEncodedImageFormat.Webp, WebpQuality);
        return data.ToArray();
    }

    /// <summary>
    /// The smallest size, in eighths of the original, that the codec decodes to directly and that still has at
    /// least <paramref name="scale"/> of the original's pixels along each side; the full size when none does.
    /// </summary>
    private static SKSizeI SmallestDecodeSize(SKCodec codec, double scale)
    {
        var full = codec.Info.Size;
        var neededWidth = (int)Math.Ceiling(full.Width * scale);
        var neededHeight = (int)Math.Ceiling(full.Height * scale);
        var best = full;
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var size = codec.GetScaledDimensions(eighths / 8f);
            if (size.Width >= neededWidth && size.Height >= neededHeight && (long)size.Width * size.Height < (long)best.Width * best.Height)
            {
                best = size;
            }
        }
        return best;
    }
}
