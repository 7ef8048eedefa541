using SkiaSharp;

namespace NewsMesh.Local.Seeding;

/// <summary>
/// Paints the sample photos: a scene built from the layers its sample names, then film grain and a vignette, so
/// the pictures compress, crop and scale like photographs rather than flat test cards. The same key always
/// paints the same picture.
/// </summary>
public static class PhotoPainter
{
    public const int Width = 2400;
    public const int Height = 1600;

    public static byte[] PaintJpeg(SamplePhoto photo)
    {
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("No surface for the sample photo.");
        var canvas = surface.Canvas;
        var scene = photo.Scene;
        var random = new Random(StableSeed(photo.Key));

        Sky(canvas, scene.Sky);
        Stars(canvas, scene.Stars, random);
        if (scene.Sun is { } sun)
        {
            Sun(canvas, sun);
        }
        foreach (var ridge in scene.Ridges ?? [])
        {
            Ridge(canvas, ridge, random);
        }
        if (scene.Dome is { } dome)
        {
            Dome(canvas, dome);
        }
        if (scene.Buildings is { } buildings)
        {
            Buildings(canvas, buildings, random);
        }
        if (scene.Water is { } water)
        {
            Water(canvas, water, random);
        }
        if (scene.Stadium)
        {
            Stadium(canvas);
        }
        for (var i = 0; i < scene.Cranes; i++)
        {
            Crane(canvas, 0.12f + i * 0.2f + (float)random.NextDouble() * 0.05f, 0.7f, random);
        }
        for (var i = 0; i < scene.Turbines; i++)
        {
            Turbine(canvas, 0.1f + i * 0.15f, 0.6f + (float)random.NextDouble() * 0.04f, random);
        }
        for (var i = 0; i < scene.Boats; i++)
        {
            Boat(canvas, 0.25f + i * 0.18f, 0.68f + i * 0.05f, 0.06f + i * 0.015f);
        }
        for (var i = 0; i < scene.Trees; i++)
        {
            Tree(canvas, (i + 0.5f) / scene.Trees + (float)(random.NextDouble() - 0.5) * 0.04f, 0.66f + (float)random.NextDouble() * 0.1f, random);
        }
        Lights(canvas, scene.Lights, random);
        Grain(canvas, random);
        Vignette(canvas);

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 88);
        return data.ToArray();
    }

    private static float X(double fraction) => (float)(fraction * Width);

    private static float Y(double fraction) => (float)(fraction * Height);

    private static SKColor Color(string hex) => SKColor.Parse(hex);

    private static void Sky(SKCanvas canvas, IReadOnlyList<string> colours)
    {
        using var paint = new SKPaint();
        using var gradient = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, Height), colours.Select(Color).ToArray(), SKShaderTileMode.Clamp);
        paint.Shader = gradient;
        canvas.DrawRect(0, 0, Width, Height, paint);
    }

    private static void Stars(SKCanvas canvas, int count, Random random)
    {
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < count; i++)
        {
            paint.Color = new SKColor(255, 255, (byte)random.Next(200, 256), (byte)random.Next(90, 256));
            canvas.DrawCircle(X(random.NextDouble()), Y(random.NextDouble() * 0.65), (float)(0.6 + random.NextDouble() * 2), paint);
        }
    }

    private static void Sun(SKCanvas canvas, SampleSun sun)
    {
        var centre = new SKPoint(X(sun.X), Y(sun.Y));
        var colour = Color(sun.Color);
        using var glow = new SKPaint { IsAntialias = true };
        using var halo = SKShader.CreateRadialGradient(centre, X(sun.R * 4), [colour.WithAlpha(150), colour.WithAlpha(0)], SKShaderTileMode.Clamp);
        glow.Shader = halo;
        canvas.DrawCircle(centre, X(sun.R * 4), glow);
        using var disc = new SKPaint { IsAntialias = true, Color = colour };
        canvas.DrawCircle(centre, X(sun.R), disc);
    }

    private static void Ridge(SKCanvas canvas, SampleRidge ridge, Random random)
    {
        using var builder = new SKPathBuilder();
        builder.MoveTo(0, Height);
        var level = ridge.Base;
        for (var x = 0; x <= Width; x += 40)
        {
            level += (random.NextDouble() - 0.5) * ridge.Rough * 0.5;
            level = Math.Clamp(level, ridge.Base - ridge.Rough, ridge.Base + ridge.Rough);
            builder.LineTo(x, Y(level));
        }
        builder.LineTo(Width, Height);
        builder.Close();
        using var path = builder.Detach();
        using var paint = new SKPaint { IsAntialias = true };
        var colour = Color(ridge.Color);
        // Snow lies on the upper part of a ridge and thins out below.
        SKColor[] colours = ridge.Snow ? [SKColors.White, colour, Darker(colour, 0.55f)] : [colour, colour, Darker(colour, 0.55f)];
        using var shade = SKShader.CreateLinearGradient(new SKPoint(0, Y(ridge.Base - ridge.Rough)), new SKPoint(0, Height),
            colours, [0, 0.2f, 1], SKShaderTileMode.Clamp);
        paint.Shader = shade;
        canvas.DrawPath(path, paint);
    }

    private static void Water(SKCanvas canvas, SampleWater water, Random random)
    {
        var top = Y(water.Top);
        using var paint = new SKPaint();
        var colour = Color(water.Color);
        using var depth = SKShader.CreateLinearGradient(new SKPoint(0, top), new SKPoint(0, Height), [Lighter(colour, 0.25f), Darker(colour, 0.6f)], SKShaderTileMode.Clamp);
        paint.Shader = depth;
        canvas.DrawRect(0, top, Width, Height - top, paint);
        using var ripple = new SKPaint { IsAntialias = true, StrokeWidth = 2 };
        for (var i = 0; i < 500; i++)
        {
            var y = top + (float)Math.Pow(random.NextDouble(), 1.6) * (Height - top);
            var x = X(random.NextDouble());
            var length = 10 + (y - top) * 0.12f;
            ripple.Color = SKColors.White.WithAlpha((byte)random.Next(15, 60));
            canvas.DrawLine(x, y, x + length, y, ripple);
        }
    }

    private static void Buildings(SKCanvas canvas, SampleBuildings buildings, Random random)
    {
        var ground = Y(buildings.Base);
        var width = (float)Width / buildings.Count;
        using var paint = new SKPaint { IsAntialias = true };
        using var window = new SKPaint();
        for (var i = 0; i < buildings.Count; i++)
        {
            var height = Y(buildings.MinHeight + random.NextDouble() * (buildings.MaxHeight - buildings.MinHeight));
            var left = i * width + (float)random.NextDouble() * width * 0.1f;
            var right = left + width * (0.8f + (float)random.NextDouble() * 0.3f);
            paint.Color = Color(buildings.Palette[random.Next(buildings.Palette.Count)]);
            canvas.DrawRect(left, ground - height, right - left, height, paint);
            for (var y = ground - height + 14; y < ground - 16; y += 26)
            {
                for (var x = left + 10; x < right - 14; x += 22)
                {
                    var lit = buildings.Lit && random.NextDouble() < 0.55;
                    window.Color = lit ? new SKColor(255, (byte)random.Next(200, 240), 140, 230) : Darker(paint.Color, 0.7f).WithAlpha(170);
                    canvas.DrawRect(x, y, 10, 14, window);
                }
            }
        }
    }

    private static void Dome(SKCanvas canvas, SampleDome dome)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(220, 224, 232) };
        var centre = new SKPoint(X(dome.X), Y(dome.Y));
        var radius = X(dome.R);
        canvas.DrawRect(centre.X - radius, centre.Y, radius * 2, radius * 0.9f, paint);
        canvas.DrawArc(new SKRect(centre.X - radius, centre.Y - radius, centre.X + radius, centre.Y + radius), 180, 180, true, paint);
        using var slit = new SKPaint { Color = new SKColor(30, 34, 50) };
        canvas.DrawRect(centre.X - radius * 0.12f, centre.Y - radius, radius * 0.24f, radius, slit);
    }

    private static void Stadium(SKCanvas canvas)
    {
        using var stand = new SKPaint { IsAntialias = true, Color = new SKColor(48, 44, 60) };
        canvas.DrawOval(X(0.5), Y(0.82), X(0.55), Y(0.3), stand);
        using var pitch = new SKPaint { IsAntialias = true };
        using var grass = SKShader.CreateLinearGradient(new SKPoint(0, Y(0.7)), new SKPoint(0, Height), [new SKColor(70, 150, 70), new SKColor(30, 90, 40)], SKShaderTileMode.Clamp);
        pitch.Shader = grass;
        canvas.DrawOval(X(0.5), Y(0.86), X(0.4), Y(0.16), pitch);
        using var mast = new SKPaint { Color = new SKColor(35, 35, 45), StrokeWidth = 10 };
        using var lamp = new SKPaint { IsAntialias = true };
        foreach (var x in new[] { 0.12, 0.32, 0.68, 0.88 })
        {
            canvas.DrawLine(X(x), Y(0.72), X(x), Y(0.28), mast);
            using var beam = SKShader.CreateRadialGradient(new SKPoint(X(x), Y(0.27)), 160, [SKColors.White, SKColors.White.WithAlpha(0)], SKShaderTileMode.Clamp);
            lamp.Shader = beam;
            canvas.DrawCircle(X(x), Y(0.27), 160, lamp);
        }
    }

    private static void Crane(SKCanvas canvas, float x, float ground, Random random)
    {
        using var steel = new SKPaint { IsAntialias = true, Color = new SKColor(196, 72, 52), StrokeWidth = 14, StrokeCap = SKStrokeCap.Square };
        var top = Y(ground - 0.38 - random.NextDouble() * 0.08);
        canvas.DrawLine(X(x), Y(ground), X(x), top, steel);
        canvas.DrawLine(X(x + 0.06), Y(ground), X(x + 0.06), top, steel);
        canvas.DrawLine(X(x - 0.08), top, X(x + 0.16), top, steel);
        steel.StrokeWidth = 5;
        canvas.DrawLine(X(x + 0.03), top - 60, X(x - 0.08), top, steel);
        canvas.DrawLine(X(x + 0.03), top - 60, X(x + 0.16), top, steel);
    }

    private static void Turbine(SKCanvas canvas, float x, float ground, Random random)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(245, 247, 250), StrokeWidth = 9, StrokeCap = SKStrokeCap.Round };
        var hub = new SKPoint(X(x), Y(ground - 0.3));
        canvas.DrawLine(X(x), Y(ground), hub.X, hub.Y, paint);
        var angle = random.NextDouble() * Math.PI * 2;
        paint.StrokeWidth = 6;
        for (var blade = 0; blade < 3; blade++)
        {
            var a = angle + blade * Math.PI * 2 / 3;
            canvas.DrawLine(hub.X, hub.Y, hub.X + (float)Math.Cos(a) * 150, hub.Y + (float)Math.Sin(a) * 150, paint);
        }
        canvas.DrawCircle(hub, 10, paint);
    }

    private static void Boat(SKCanvas canvas, float x, float y, float size)
    {
        using var builder = new SKPathBuilder();
        builder.MoveTo(X(x - size), Y(y));
        builder.LineTo(X(x + size), Y(y));
        builder.LineTo(X(x + size * 0.75), Y(y + size * 0.35));
        builder.LineTo(X(x - size * 0.8), Y(y + size * 0.35));
        builder.Close();
        using var hull = builder.Detach();
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(28, 30, 36) };
        canvas.DrawPath(hull, paint);
        canvas.DrawRect(X(x - size * 0.3), Y(y - size * 0.45), X(size * 0.35), Y(size * 0.45), paint);
        paint.StrokeWidth = 5;
        canvas.DrawLine(X(x + size * 0.2), Y(y), X(x + size * 0.2), Y(y - size * 1.4), paint);
        paint.Color = new SKColor(28, 30, 36, 70);
        canvas.DrawRect(X(x - size), Y(y + size * 0.38), X(size * 1.9), Y(size * 0.3), paint);
    }

    private static void Tree(SKCanvas canvas, float x, float ground, Random random)
    {
        using var trunk = new SKPaint { IsAntialias = true, Color = new SKColor(74, 52, 38), StrokeWidth = 12 };
        var height = Y(0.1 + random.NextDouble() * 0.08);
        canvas.DrawLine(X(x), Y(ground), X(x), Y(ground) - height, trunk);
        using var crown = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 7; i++)
        {
            crown.Color = new SKColor((byte)random.Next(40, 80), (byte)random.Next(90, 140), (byte)random.Next(40, 70), 220);
            canvas.DrawCircle(X(x) + (float)(random.NextDouble() - 0.5) * 90, Y(ground) - height + (float)(random.NextDouble() - 0.5) * 70, 45 + (float)random.NextDouble() * 25, crown);
        }
    }

    /// <summary>Out-of-focus points of light, as a long lens renders lanterns and floodlights.</summary>
    private static void Lights(SKCanvas canvas, int count, Random random)
    {
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < count; i++)
        {
            var centre = new SKPoint(X(random.NextDouble()), Y(random.NextDouble() * 0.75));
            var radius = 20 + (float)random.NextDouble() * 55;
            var colour = SKColor.FromHsv((float)random.NextDouble() * 60 + (random.NextDouble() < 0.3 ? 180 : 0), 60, 100);
            using var bokeh = SKShader.CreateRadialGradient(centre, radius, [colour.WithAlpha(170), colour.WithAlpha(0)], SKShaderTileMode.Clamp);
            paint.Shader = bokeh;
            canvas.DrawCircle(centre, radius, paint);
        }
    }

    private static void Grain(SKCanvas canvas, Random random)
    {
        using var paint = new SKPaint { BlendMode = SKBlendMode.Overlay };
        using var noise = SKShader.CreatePerlinNoiseFractalNoise(0.9f, 0.9f, 2, random.Next(1000));
        paint.Shader = noise;
        paint.Color = SKColors.White.WithAlpha(110);
        canvas.DrawRect(0, 0, Width, Height, paint);
    }

    private static void Vignette(SKCanvas canvas)
    {
        using var paint = new SKPaint();
        using var falloff = SKShader.CreateRadialGradient(new SKPoint(Width / 2f, Height / 2f), Width * 0.75f,
            [SKColors.Black.WithAlpha(0), SKColors.Black.WithAlpha(0), SKColors.Black.WithAlpha(110)], [0, 0.55f, 1], SKShaderTileMode.Clamp);
        paint.Shader = falloff;
        canvas.DrawRect(0, 0, Width, Height, paint);
    }

    private static SKColor Darker(SKColor colour, float factor) =>
        new((byte)(colour.Red * factor), (byte)(colour.Green * factor), (byte)(colour.Blue * factor), colour.Alpha);

    private static SKColor Lighter(SKColor colour, float amount) =>
        new((byte)(colour.Red + (255 - colour.Red) * amount), (byte)(colour.Green + (255 - colour.Green) * amount),
            (byte)(colour.Blue + (255 - colour.Blue) * amount), colour.Alpha);

    /// <summary>A seed from the key that does not change between runs (string.GetHashCode does).</summary>
    private static int StableSeed(string key) => key.Aggregate(17, (hash, c) => unchecked(hash * 31 + c));
}
