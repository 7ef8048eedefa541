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
    public void ChildPattern_NamesAndParsesUnderItsParent()
    {
        var revisions = Resources.ArticleRevision;

        Assert.Equal("articles", revisions.ParentCollection);
        Assert.Equal("revisions", revisions.Collection);
        Assert.Equal("articles/a1/revisions/3", revisions.Name("a1", "3"));
        Assert.True(revisions.TryParse("articles/a1/revisions/3", out var parent, out var id));
        Assert.Equal(("a1", "3"), (parent, id));
        Assert.False(revisions.TryParse("articles/a1/versions/3", out _, out _));
        Assert.False(revisions.TryParse("articles/a1/revisions/", out _, out _));
        Assert.False(revisions.TryParse("articles/a1", out _));
        Assert.False(Resources.Article.TryParse("articles/a1/revisions/3", out _, out _));
        Assert.Throws<InvalidOperationException>(() => revisions.Name("3"));
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
