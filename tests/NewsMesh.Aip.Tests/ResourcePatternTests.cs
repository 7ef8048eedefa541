using Google.Protobuf.WellKnownTypes;
using NewsMesh.Aip.Names;
using NewsMesh.Contracts;

namespace NewsMesh.Aip.Tests;

public class ResourcePatternTests
{
    [Fact]
    public void Of_ReadsTheCollectionFromTheAnnotation()
    {
        Assert.Equal("articles", Resources.Article.Collection);
        Assert.Equal("authors", Resources.Author.Collection);
        Assert.Equal("media", Resources.Media.Collection);
        Assert.Equal("newsmesh.article.v1.Article", Resources.Article.Type);
        Assert.Equal("media/abc", Resources.Media.Name("abc"));
    }

    [Fact]
    public void Of_MessageWithoutAnnotation_Refused() =>
        Assert.Throws<ArgumentException>(() => ResourcePattern.Of(Timestamp.Descriptor));

    [Fact]
    public void ParseBatch_NamesEveryBadEntry_AndTheCount()
    {
        var (ids, violations) = Resources.Author.ParseBatch(["authors/a", "media/b", "authors/c"], max: 2);

        Assert.Equal(["a", "c"], ids);
        Assert.Equal(["names", "names[1]"], violations.Select(v => v.Field));
    }

    [Fact]
    public void AspectRatios_ComeFromTheMediaEnum_SixteenByNineFirst()
    {
        Assert.Equal(["16x9", "1x1", "4x3", "3x2"], AspectRatios.All);
        Assert.Equal("16x9", AspectRatios.Default);
        Assert.False(AspectRatios.IsKnown("16X9"));
    }
}
