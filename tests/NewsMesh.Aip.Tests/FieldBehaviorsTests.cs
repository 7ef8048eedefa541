using NewsMesh.Aip.Fields;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Aip.Tests;

public class FieldBehaviorsTests
{
    [Fact]
    public void Of_Author_ReadsEachBehaviourFromTheProto()
    {
        var author = FieldBehaviors.Of(Author.Descriptor);

        Assert.Equal(["name"], author.Identifier);
        Assert.Equal(["kind"], author.Immutable);
        Assert.Equal(["slug", "kind", "display_name"], InFieldOrder(author.Required));
        Assert.Equal(["state", "create_time", "update_time", "revision"], InFieldOrder(author.OutputOnly));
        Assert.DoesNotContain("kind", author.Mutable);
        Assert.DoesNotContain("etag", author.Mutable);
        Assert.Contains("display_name", author.Mutable);
    }

    private static IEnumerable<string> InFieldOrder(IEnumerable<string> fields) =>
        fields.OrderBy(f => Author.Descriptor.FindFieldByName(f).FieldNumber);

    [Fact]
    public void Of_Article_EveryFieldHasExactlyOnePlace()
    {
        var article = FieldBehaviors.Of(Article.Descriptor);
        var places = new[] { article.Identifier, article.OutputOnly, article.Immutable, article.Mutable, new HashSet<string> { "etag" } };

        foreach (var field in Article.Descriptor.Fields.InDeclarationOrder())
        {
            Assert.Equal(1, places.Count(p => p.Contains(field.Name)));
        }
        Assert.Contains("state", article.OutputOnly);
        Assert.Contains("creator", article.OutputOnly);
        Assert.Contains("headline", article.Mutable);
    }

    [Fact]
    public void OutputOnlySetIn_NamesEachSetField_WithThePrefix()
    {
        var sent = new MediaResource { Revision = 3, Kind = MediaResource.Types.Kind.Image, Caption = "fine" };

        var violations = FieldBehaviors.Of(MediaResource.Descriptor).OutputOnlySetIn(sent, "metadata.media.");

        Assert.Equal(["metadata.media.kind", "metadata.media.revision"], violations.Select(v => v.Field));
    }

    [Fact]
    public void RequiredMissingIn_UnsetOrBlank_Reported_SetFields_Not()
    {
        var author = new Author { Slug = "lena-marsh", DisplayName = "   " };

        var violations = FieldBehaviors.Of(Author.Descriptor).RequiredMissingIn(author, "author.");

        Assert.Equal(["author.kind", "author.display_name"], violations.Select(v => v.Field));
        Assert.All(violations, v => Assert.Equal("is required", v.Description));
    }
}
