using System.Text;
using NewsMesh.Media.Domain;
using NewsMesh.Testing;
using SkiaSharp;

namespace NewsMesh.Media.Tests.Domain;

public sealed class ImageHeaderTests
{
    private static (ImageHeader? Header, string? Problem) Read(byte[] bytes) => ImageHeader.Read(new MemoryStream(bytes));

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, "JPEG")]
    [InlineData(SKEncodedImageFormat.Png, "PNG")]
    [InlineData(SKEncodedImageFormat.Webp, "WebP")]
    public void Read_EncodedImage_FormatAndSize(SKEncodedImageFormat format, string name)
    {
        var (header, problem) = Read(TestImages.Photo(301, 157, format));

        Assert.Null(problem);
        Assert.Equal(name, header!.Format.Name);
        Assert.Equal((301, 157), (header.Width, header.Height));
    }

    [Fact]
    public void Read_JpegWithLargeMetadataBeforeTheFrame_SizeFromTheFrame()
    {
        var jpeg = TestImages.Photo(200, 100);
        // An APP1 segment of 60,000 bytes between the start marker and the rest, as cameras write EXIF.
        byte[] app1 = [0xFF, 0xE1, 60_000 >> 8 & 0xFF, 60_000 & 0xFF, .. new byte[60_000 - 2]];
        var (header, problem) = Read([.. jpeg[..2], .. app1, .. jpeg[2..]]);

        Assert.Null(problem);
        Assert.Equal((200, 100), (header!.Width, header.Height));
    }

    [Fact]
    public void Read_PngDeclaringHugeSize_SizeWithoutDecoding()
    {
        var (header, _) = Read(TestPng.HeaderOnly(60_000, 60_000));

        Assert.Equal((60_000, 60_000), (header!.Width, header.Height));
        Assert.Equal(3_600_000_000, header.Pixels);
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>", "SVG")]
    [InlineData("\uFEFF<?xml version=\"1.0\"?><svg/>", "SVG")]
    [InlineData("GIF89a\u0001\u0000\u0001\u0000", "GIF")]
    [InlineData("BM\u0000\u0000\u0000\u0000\u0000\u0000", "BMP")]
    [InlineData("%PDF-1.7\n", "PDF")]
    public void Read_RefusedFormat_NamesIt(string content, string named)
    {
        var (header, problem) = Read(Encoding.UTF8.GetBytes(content));

        Assert.Null(header);
        Assert.Contains(named, problem, StringComparison.Ordinal);
        Assert.Contains("only JPEG, PNG and WebP", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Hello, this is a caption, not a photo.")]
    public void Read_NotAnImage_SaysSo(string content)
    {
        var (header, problem) = Read(Encoding.UTF8.GetBytes(content));

        Assert.Null(header);
        Assert.Equal("the bytes are not a JPEG, PNG or WebP image", problem);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, 40)]
    [InlineData(SKEncodedImageFormat.Png, 20)]
    [InlineData(SKEncodedImageFormat.Webp, 20)]
    public void Read_HeaderCutShort_SaysSo(SKEncodedImageFormat format, int keep)
    {
        var bytes = TestImages.Photo(64, 64, format);
        // A JPEG's quantisation tables come before its frame header, so 40 bytes hold no size.
        var (header, problem) = Read(bytes[..keep]);

        Assert.Null(header);
        Assert.Contains("cut short or corrupt", problem, StringComparison.Ordinal);
    }
}
