using NewsMesh.Contracts.Media.V1;
using NewsMesh.Media.Domain;

namespace NewsMesh.Media.Tests.Domain;

public sealed class RenditionGeometryTests
{
    private static Aspect Aspect(string name) => RenditionCatalog.FindAspect(name)!;
    private static RenditionSize Size(string path) => RenditionCatalog.FindSizeByPath(path)!;

    [Theory]
    [InlineData("16x9", "xs", 320, 180)]
    [InlineData("16x9", "sm", 640, 360)]
    [InlineData("16x9", "md", 1280, 720)]
    [InlineData("16x9", "lg", 1920, 1080)]
    [InlineData("1x1", "xs", 320, 320)]
    [InlineData("1x1", "md", 1280, 1280)]
    [InlineData("1x1", "lg", 1600, 1600)]
    [InlineData("4x3", "sm", 640, 480)]
    [InlineData("4x3", "lg", 1920, 1440)]
    [InlineData("3x2", "xs", 320, 213)]
    [InlineData("3x2", "sm", 640, 427)]
    [InlineData("3x2", "lg", 1920, 1280)]
    public void OutputSize_2400x1600_ExactAndNeverUpscaled(string aspect, string size, int width, int height)
    {
        var region = RenditionGeometry.Region(2400, 1600, Aspect(aspect), null, null);

        Assert.Equal((width, height), RenditionGeometry.OutputSize(region, Aspect(aspect), Size(size)));
    }

    [Fact]
    public void OutputSize_SmallOriginal_EverySizeAsWideAsTheOriginalAllows()
    {
        var region = RenditionGeometry.Region(500, 400, Aspect("16x9"), null, null);

        Assert.Equal(new PixelRect(0, 60, 500, 281), region);
        Assert.Equal((320, 180), RenditionGeometry.OutputSize(region, Aspect("16x9"), Size("xs")));
        Assert.Equal((500, 281), RenditionGeometry.OutputSize(region, Aspect("16x9"), Size("lg")));
    }

    [Fact]
    public void OutputSize_PortraitNarrowerThanTheSize_AsTallAsTheRegion()
    {
        var region = RenditionGeometry.Region(1000, 1500, Aspect("16x9"), null, null);

        Assert.Equal(new PixelRect(0, 468, 1000, 563), region);
        Assert.Equal((1000, 563), RenditionGeometry.OutputSize(region, Aspect("16x9"), Size("lg")));
        Assert.Equal((640, 360), RenditionGeometry.OutputSize(region, Aspect("16x9"), Size("sm")));
    }

    [Theory]
    [InlineData(0.5, 0.5, 700)]
    [InlineData(0.0, 0.5, 0)]
    [InlineData(0.1, 0.5, 0)]
    [InlineData(0.5, 0.9, 700)]
    [InlineData(1.0, 0.0, 1400)]
    [InlineData(0.6, 0.5, 1000)]
    public void Region_FocalPoint_CentredWhereTheEdgesAllow(double x, double y, int left)
    {
        var region = RenditionGeometry.Region(3000, 1600, Aspect("1x1"), new FocalPoint { X = x, Y = y }, null);

        Assert.Equal(new PixelRect(left, 0, 1600, 1600), region);
    }

    [Fact]
    public void Region_Crop_LargestOfTheAspectCentredInIt()
    {
        var crop = new Crop { X = 0.25, Y = 0.25, Width = 0.5, Height = 0.25 };

        var region = RenditionGeometry.Region(2000, 2000, Aspect("1x1"), new FocalPoint { X = 0, Y = 0 }, crop);

        Assert.Equal(new PixelRect(750, 500, 500, 500), region);
    }
}
