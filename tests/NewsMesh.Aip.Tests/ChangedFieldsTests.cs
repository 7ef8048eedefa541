using NewsMesh.Aip.Fields;
using NewsMesh.Contracts.Article.V1;

namespace NewsMesh.Aip.Tests;

public class ChangedFieldsTests
{
    private static readonly IReadOnlySet<string> Bookkeeping = new HashSet<string> { "revision", "etag" };

    [Fact]
    public void Between_NamesTheFieldsThatDiffer_InDeclarationOrder()
    {
        var before = new Article { Headline = "Old", Summary = "Same", Subjects = { "a" }, Revision = 1 };
        var after = new Article { Headline = "New", Summary = "Same", Subjects = { "a", "b" }, Revision = 2, Etag = "x" };

        Assert.Equal(["headline", "subjects"], ChangedFields.Between(before, after, Bookkeeping));
    }

    [Fact]
    public void Between_NestedChange_NamesTheTopLevelField()
    {
        var before = new Article { Body = { new Block { Paragraph = new Paragraph { Text = "One." } } } };
        var after = new Article { Body = { new Block { Paragraph = new Paragraph { Text = "Two." } } } };

        Assert.Equal(["body"], ChangedFields.Between(before, after, Bookkeeping));
    }

    [Fact]
    public void Between_NoBefore_NamesWhatIsSet()
    {
        var created = new Article { Slug = "s", Headline = "h", Revision = 1 };

        Assert.Equal(["slug", "headline"], ChangedFields.Between(null, created, Bookkeeping));
    }

    [Fact]
    public void Between_Equal_NamesNothing()
    {
        var article = new Article { Headline = "h" };

        Assert.Empty(ChangedFields.Between(article, article.Clone(), Bookkeeping));
    }
}
