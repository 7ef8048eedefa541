using System.Buffers.Binary;
using System.IO.Compression;

namespace NewsMesh.Testing;

/// <summary>PNG files written byte by byte, for tests that need an image but no imaging library.</summary>
public static class TestPng
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A valid PNG of one colour.</summary>
    public static byte[] Solid(int width, int height, byte red, byte green, byte blue) =>
        Encode(width, height, row =>
        {
            for (var x = 0; x < width; x++)
            {
                row[x * 3] = red;
                row[x * 3 + 1] = green;
                row[x * 3 + 2] = blue;
            }
        });

    /// <summary>A valid PNG of random pixels: it does not compress, so its size is about 3 bytes a pixel.</summary>
    public static byte[] Noise(int width, int height, int seed)
    {
        var random = new Random(seed);
        return Encode(width, height, row => random.NextBytes(row));
    }

    private static byte[] Encode(int width, int height, Action<byte[]> fillRow)
    {
        var row = new byte[width * 3];
        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                fillRow(row);
                zlib.WriteByte(0); // filter type: none
                zlib.Write(row);
            }
        }
        return [.. Signature, .. Chunk("IHDR"u8, Header(width, height, colourType: 2)), .. Chunk("IDAT"u8, pixels.ToArray()), .. Chunk("IEND"u8, [])];
    }

    /// <summary>Only a signature and a header declaring <paramref name="width"/> x <paramref name="height"/>: no pixels.</summary>
    public static byte[] HeaderOnly(int width, int height) => [.. Signature, .. Chunk("IHDR"u8, Header(width, height, colourType: 6))];

    private static byte[] Header(int width, int height, byte colourType)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = colourType; // 2: RGB, 6: RGBA
        return header;
    }

    private static byte[] Chunk(ReadOnlySpan<byte> type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        type.CopyTo(chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>PNG's chunk checksum (CRC-32, ISO 3309), so decoders believe the chunks.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
