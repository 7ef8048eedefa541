using System.Buffers.Binary;
using System.Text;

namespace NewsMesh.Media.Domain;

/// <summary>What an image says about itself before any of it is decoded: its format and declared size.</summary>
public sealed record ImageHeader(ImageFormat Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    /// <summary>
    /// Reads the header of the image in <paramref name="stream"/> (seekable, positioned anywhere). Returns the
    /// header, or why there is none that the service accepts, in words fit for the caller.
    /// </summary>
    public static (ImageHeader? Header, string? Problem) Read(Stream stream)
    {
        var start = new byte[32];
        stream.Position = 0;
        var length = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        var head = start.AsSpan(0, length);

        if (head.StartsWith((byte[])[0xFF, 0xD8, 0xFF]))
        {
            return ReadJpeg(stream);
        }
        if (head.StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ReadPng(head);
        }
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return ReadWebp(head);
        }
        return (null, RefusedFormat(head) is { } name
            ? $"the bytes are {name}; only JPEG, PNG and WebP images are accepted"
            : "the bytes are not a JPEG, PNG or WebP image");
    }

    private static (ImageHeader?, string?) Sized(ImageFormat format, long width, long height) =>
        width <= 0 || height <= 0 || width > int.MaxValue || height > int.MaxValue
            ? (null, $"the {format.Name} header declares no usable dimensions")
            : (new ImageHeader(format, (int)width, (int)height), null);

    private static (ImageHeader?, string?) CutShort(ImageFormat format) =>
        (null, $"the {format.Name} header is cut short or corrupt");

    /// <summary>Walks the marker segments to the first start-of-frame, which holds the dimensions.</summary>
    private static (ImageHeader?, string?) ReadJpeg(Stream stream)
    {
        Span<byte> segment = stackalloc byte[9];
        stream.Position = 2;
        while (true)
        {
            if (stream.ReadByte() != 0xFF)
            {
                return CutShort(ImageFormat.Jpeg);
            }
            var marker = stream.ReadByte();
            while (marker == 0xFF)
            {
                marker = stream.ReadByte();
            }
            if (marker < 0)
            {
                return CutShort(ImageFormat.Jpeg);
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }
            if (marker is 0xD9 or 0xDA)
            {
                // End of image, or the scan itself, before any frame header.
                return CutShort(ImageFormat.Jpeg);
            }
            if (stream.ReadAtLeast(segment[..2], 2, throwOnEndOfStream: false) < 2)
            {
                return CutShort(ImageFormat.Jpeg);
            }
            var segmentLength = BinaryPrimitives.ReadUInt16BigEndian(segment);
            if (segmentLength < 2)
            {
                return CutShort(ImageFormat.Jpeg);
            }
            // SOF0 to SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (stream.ReadAtLeast(segment[..5], 5, throwOnEndOfStream: false) < 5)
                {
                    return CutShort(ImageFormat.Jpeg);
                }
                var height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                return Sized(ImageFormat.Jpeg, width, height);
            }
            var next = stream.Position + segmentLength - 2;
            if (next > stream.Length)
            {
                return CutShort(ImageFormat.Jpeg);
            }
            stream.Position = next;
        }
    }

    private static (ImageHeader?, string?) ReadPng(ReadOnlySpan<byte> head)
    {
        if (head.Length < 24 || !head[12..16].SequenceEqual("IHDR"u8))
        {
            return CutShort(ImageFormat.Png);
        }
        return Sized(ImageFormat.Png, BinaryPrimitives.ReadUInt32BigEndian(head[16..]), BinaryPrimitives.ReadUInt32BigEndian(head[20..]));
    }

    private static (ImageHeader?, string?) ReadWebp(ReadOnlySpan<byte> head)
    {
        if (head.Length < 30)
        {
            return CutShort(ImageFormat.Webp);
        }
        var chunk = head[12..16];
        var data = head[20..];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // A key frame: 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
            if (!data[3..6].SequenceEqual((byte[])[0x9D, 0x01, 0x2A]))
            {
                return CutShort(ImageFormat.Webp);
            }
            return Sized(ImageFormat.Webp,
                BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF,
                BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF);
        }
        if (chunk.SequenceEqual("VP8L"u8))
        {
            if (data[0] != 0x2F)
            {
                return CutShort(ImageFormat.Webp);
            }
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            return Sized(ImageFormat.Webp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
        {
            const byte animation = 0x02;
            if ((data[0] & animation) != 0)
            {
                return (null, "the bytes are an animated WebP image; only still images are accepted");
            }
            return Sized(ImageFormat.Webp, ReadUInt24(data[4..]) + 1L, ReadUInt24(data[7..]) + 1L);
        }
        return CutShort(ImageFormat.Webp);
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | bytes[1] << 8 | bytes[2] << 16;

    /// <summary>The name of a well-known format that is not accepted, so the error can say what was sent.</summary>
    private static string? RefusedFormat(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "a GIF image";
        }
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return "a TIFF image";
        }
        if (head.StartsWith("BM"u8))
        {
            return "a BMP image";
        }
        if (head.StartsWith("%PDF"u8))
        {
            return "a PDF document";
        }
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return head[8..12].SequenceEqual("avif"u8) ? "an AVIF image" : "a HEIF or ISO media file";
        }
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith("<svg", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("<!DOCTYPE svg", StringComparison.OrdinalIgnoreCase))
        {
            return "SVG or other XML";
        }
        return null;
    }
}
