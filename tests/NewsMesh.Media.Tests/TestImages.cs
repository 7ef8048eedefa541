using SkiaSharp;

namespace NewsMesh.Media.Tests;

/// <summary>Images drawn for a test, and files that only pretend to be images.</summary>
public static class TestImages
{
    /// <summary>A photo-like picture: a graded sky, a sun and hills, with some grain so it compresses like a photo.</summary>
    public static byte[] Photo(int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Jpeg, int seed = 1)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        using (var sky = new SKPaint())
        using (var gradient = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height),
            [new SKColor(40, 90, 170), new SKColor(240, 180, 120)], SKShaderTileMode.Clamp))
        {
            sky.Shader = gradient;
            canvas.DrawRect(0, 0, width, height, sky);
        }
        var random = new Random(seed);
        using var paint = new SKPaint { IsAntialias = true };
        paint.Color = new SKColor(255, 230, 160);
        canvas.DrawCircle(width * 0.7f, height * 0.35f, height * 0.08f, paint);
        for (var i = 0; i < 3; i++)
        {
            paint.Color = new SKColor((byte)(30 + 20 * i), (byte)(80 + 25 * i), (byte)(40 + 10 * i));
            using var builder = new SKPathBuilder();
            builder.MoveTo(0, height);
            for (var x = 0; x <= width; x += Math.Max(1, width / 16))
            {
                builder.LineTo(x, height * (0.55f + 0.12f * i) + (float)(random.NextDouble() * height * 0.08));
            }
            builder.LineTo(width, height);
            builder.Close();
            using var path = builder.Detach();
            canvas.DrawPath(path, paint);
        }
        for (var i = 0; i < width * height / 200; i++)
        {
            paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 40);
            canvas.DrawPoint(random.Next(width), random.Next(height), paint);
        }
        return Encode(surface, format);
    }

    /// <summary>An image whose left part (up to <paramref name="split"/> of the width) is one colour and the rest another.</summary>
    public static byte[] Split(int width, int height, SKColor left, SKColor right, double split = 0.5, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        using var paint = new SKPaint { Color = left };
        surface.Canvas.DrawRect(0, 0, (float)(width * split), height, paint);
        paint.Color = right;
        surface.Canvas.DrawRect((float)(width * split), 0, width, height, paint);
        return Encode(surface, format);
    }

    /// <summary>
    /// A JPEG that shows, upright, four quadrants (red, green / blue, yellow) at 300x200, stored as a camera with
    /// EXIF orientation <paramref name="orientation"/> (1 to 8) writes it: the quadrants of the stored pixels are
    /// placed by hand from the EXIF definitions, not by the code under test.
    /// </summary>
    public static byte[] OrientedJpeg(int orientation)
    {
        SKColor r = SKColors.Red, g = SKColors.Lime, b = SKColors.Blue, y = SKColors.Yellow;
        SKColor[] stored = orientation switch
        {
            1 => [r, g, b, y],
            2 => [g, r, y, b],
            3 => [y, b, g, r],
            4 => [b, y, r, g],
            5 => [r, b, g, y],
            6 => [g, y, r, b],
            7 => [y, g, b, r],
            8 => [b, r, y, g],
            _ => throw new ArgumentOutOfRangeException(nameof(orientation)),
        };
        var (width, height) = orientation <= 4 ? (300, 200) : (200, 300);
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        using var paint = new SKPaint();
        for (var quadrant = 0; quadrant < 4; quadrant++)
        {
            paint.Color = stored[quadrant];
            surface.Canvas.DrawRect(quadrant % 2 * width / 2f, quadrant / 2 * height / 2f, width / 2f, height / 2f, paint);
        }
        var jpeg = Encode(surface, SKEncodedImageFormat.Jpeg);
        // Exif, big-endian TIFF header, one IFD entry: Orientation (0x0112), SHORT, 1 value.
        byte[] exif =
        [
            .. "Exif\0\0"u8, .. "MM\0*"u8, 0, 0, 0, 8,
            0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0,
            0, 0, 0, 0,
        ];
        byte[] app1 = [0xFF, 0xE1, (byte)((exif.Length + 2) >> 8), (byte)(exif.Length + 2), .. exif];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    /// <summary>The colour of the pixel at the given fractions of an encoded image's width and height.</summary>
    public static SKColor PixelAt(byte[] encoded, double x, double y)
    {
        using var bitmap = SKBitmap.Decode(encoded);
        return bitmap.GetPixel((int)(x * (bitmap.Width - 1)), (int)(y * (bitmap.Height - 1)));
    }

    public static (int Width, int Height) SizeOf(byte[] encoded)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(encoded));
        return (codec.Info.Width, codec.Info.Height);
    }

    private static byte[] Encode(SKSurface surface, SKEncodedImageFormat format)
    {
        using var image = surface.Snapshot();
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }
}
