using NewsMesh.Aip;
using NewsMesh.Media.Domain;
using NewsMesh.ServiceDefaults.Errors;
using SkiaSharp;

namespace NewsMesh.Media.Imaging;

/// <summary>An uploaded image that passed inspection, with its size as displayed.</summary>
public sealed record InspectedImage(ImageFormat Format, int Width, int Height);

/// <summary>
/// Decides whether uploaded bytes are an image the service keeps: the header first (format, declared type,
/// declared size), and only when that passes a full decode, at the smallest scale the format allows, so a
/// truncated or corrupt image is found before it is stored.
/// </summary>
public sealed class ImageInspector(DecodeSlots slots)
{
    /// <summary>The request field that carries the bytes.</summary>
    public const string BytesField = "chunk";

    /// <summary>The request field that declares their type.</summary>
    public const string ContentTypeField = "metadata.content_type";

    public async Task<(InspectedImage? Image, FieldViolation? Problem)> InspectAsync(string path, ImageFormat declared, CancellationToken ct)
    {
        ImageHeader header;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous))
        {
            var (read, problem) = ImageHeader.Read(stream);
            if (read is null)
            {
                return (null, new FieldViolation(BytesField, problem!));
            }
            header = read;
        }
        if (header.Format != declared)
        {
            return (null, new FieldViolation(ContentTypeField, $"is {declared.ContentType}, but the bytes are a {header.Format.Name} image"));
        }
        if (header.Width > MediaLimits.MaxSide || header.Height > MediaLimits.MaxSide || header.Pixels > MediaLimits.MaxPixels)
        {
            return (null, new FieldViolation(BytesField,
                $"the image declares {header.Width}x{header.Height} pixels; at most {MediaLimits.MaxSide} px a side and {MediaLimits.MaxPixels / 1_000_000} megapixels are accepted"));
        }
        return await slots.RunAsync(() => Decode(path, header), ct);
    }

    private static (InspectedImage?, FieldViolation?) Decode(string path, ImageHeader header)
    {
        using var codec = SKCodec.Create(path, out var opened);
        if (codec is null || opened != SKCodecResult.Success)
        {
            return (null, new FieldViolation(BytesField, $"the {header.Format.Name} image is corrupt and cannot be read"));
        }
        if (codec.Info.Width != header.Width || codec.Info.Height != header.Height)
        {
            return (null, new FieldViolation(BytesField, $"the {header.Format.Name} image is corrupt: its header and its data disagree on its size"));
        }
        var scaled = codec.GetScaledDimensions(1 / 8f);
        var info = new SKImageInfo(scaled.Width, scaled.Height, SKImageInfo.PlatformColorType, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded == SKCodecResult.IncompleteInput)
        {
            return (null, new FieldViolation(BytesField, $"the {header.Format.Name} image is truncated: its data ends early"));
        }
        if (decoded != SKCodecResult.Success)
        {
            return (null, new FieldViolation(BytesField, $"the {header.Format.Name} image is corrupt and cannot be decoded ({decoded})"));
        }
        var (width, height) = Orientation.SwapsAxes(codec.EncodedOrigin) ? (header.Height, header.Width) : (header.Width, header.Height);
        return (new InspectedImage(header.Format, width, height), null);
    }
}
