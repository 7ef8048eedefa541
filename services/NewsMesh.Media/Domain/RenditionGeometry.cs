using NewsMesh.Contracts.Media.V1;

namespace NewsMesh.Media.Domain;

/// <summary>A rectangle of whole pixels.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height);

/// <summary>Where a rendition is cut from the original, and how large it comes out.</summary>
public static class RenditionGeometry
{
    /// <summary>
    /// The region of an image of <paramref name="width"/> x <paramref name="height"/> that the
    /// <paramref name="aspect"/> renditions show: the largest rectangle of that aspect inside the chosen crop
    /// (centred on it) or, without one, inside the whole image, placed so the focal point is as near its centre
    /// as the edges allow.
    /// </summary>
    public static PixelRect Region(int width, int height, Aspect aspect, FocalPoint? focal, Crop? crop)
    {
        var bounds = crop is null
            ? new PixelRect(0, 0, width, height)
            : ToPixels(crop, width, height);
        int regionWidth, regionHeight;
        if ((long)bounds.Width * aspect.Height >= (long)bounds.Height * aspect.Width)
        {
            regionHeight = bounds.Height;
            regionWidth = (int)Math.Max(1, (long)bounds.Height * aspect.Width / aspect.Height);
        }
        else
        {
            // Rounded as OutputSize rounds, so a rendition as wide as the region is exactly as tall as it.
            regionWidth = bounds.Width;
            regionHeight = (int)Math.Clamp(Math.Round((double)bounds.Width * aspect.Height / aspect.Width, MidpointRounding.AwayFromZero), 1, bounds.Height);
        }

        var (centreX, centreY) = crop is null
            ? ((focal?.X ?? 0.5) * width, (focal?.Y ?? 0.5) * height)
            : (bounds.X + bounds.Width / 2.0, bounds.Y + bounds.Height / 2.0);
        var x = Math.Clamp((int)Math.Round(centreX - regionWidth / 2.0), bounds.X, bounds.X + bounds.Width - regionWidth);
        var y = Math.Clamp((int)Math.Round(centreY - regionHeight / 2.0), bounds.Y, bounds.Y + bounds.Height - regionHeight);
        return new PixelRect(x, y, regionWidth, regionHeight);
    }

    /// <summary>
    /// The pixel size of a rendition: the size's width, or the region's when that is narrower (never upscaled),
    /// and the height that keeps the aspect exact.
    /// </summary>
    public static (int Width, int Height) OutputSize(PixelRect region, Aspect aspect, RenditionSize size)
    {
        var width = Math.Min(size.Width, region.Width);
        var height = (int)Math.Max(1, Math.Round((double)width * aspect.Height / aspect.Width, MidpointRounding.AwayFromZero));
        return (width, height);
    }

    private static PixelRect ToPixels(Crop crop, int width, int height)
    {
        var x = Math.Min((int)Math.Round(crop.X * width), width - 1);
        var y = Math.Min((int)Math.Round(crop.Y * height), height - 1);
        var right = (int)Math.Round((crop.X + crop.Width) * width);
        var bottom = (int)Math.Round((crop.Y + crop.Height) * height);
        return new PixelRect(x, y, Math.Max(1, Math.Min(right, width) - x), Math.Max(1, Math.Min(bottom, height) - y));
    }
}
