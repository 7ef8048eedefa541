using Google.Protobuf.WellKnownTypes;
using NewsMesh.Aip.Fields;
using NewsMesh.Articles.Domain;
using NewsMesh.Contracts.Article.V1;

namespace NewsMesh.Articles.Tests.Domain;

public class ArticleUpdateMaskTests
{
    [Fact]
    public void Resolve_NoMask_TakesTheFieldsThatAreSet()
    {
        var (paths, violations) = ArticleUpdateMask.Fields.Resolve(null, new Article { Headline = "h", Subjects = { "s" } });
        Assert.Empty(violations);
        Assert.Equal(["headline", "subjects"], paths.Order());
    }

    [Fact]
    public void Resolve_Star_TakesEveryMutableField()
    {
        var (paths, _) = ArticleUpdateMask.Fields.Resolve(new FieldMask { Paths = { "*" } }, new Article());
        Assert.Equal(ArticleUpdateMask.Fields.Mutable.Order(), paths.Order());
    }

    [Fact]
    public void Resolve_UnknownOrNestedPath_Refused()
    {
        var (_, violations) = ArticleUpdateMask.Fields.Resolve(new FieldMask { Paths = { "nonsense", "lead_media.media" } }, new Article());
        Assert.Equal(2, violations.Count);
        Assert.All(violations, v => Assert.Equal("update_mask", v.Field));
    }

    [Fact]
    public void Resolve_JsonNames_AreTheSameFields()
    {
        var (paths, violations) = ArticleUpdateMask.Fields.Resolve(new FieldMask { Paths = { "leadMedia", "language_code", "createTime" } }, new Article());

        Assert.Equal(["language_code", "lead_media"], paths.Order());
        Assert.Equal("create_time is output only and cannot be updated", Assert.Single(violations).Description);
    }

    [Fact]
    public void Mutable_And_OutputOnly_CoverEveryArticleField()
    {
        var all = Article.Descriptor.Fields.InFieldNumberOrder().Select(f => f.Name);
        Assert.Equal(all.Order(), ArticleUpdateMask.Fields.Mutable.Concat(ArticleUpdateMask.Fields.OutputOnly).Order());
    }

    [Fact]
    public void Apply_ReplacesRepeatedAndClearsUnsetMessages()
    {
        var current = new Article
        {
            Headline = "old",
            Subjects = { "a", "b" },
            LeadMedia = new LeadMedia { Media = "media/x" },
        };
        var patch = new Article { Headline = "new", Subjects = { "c" } };

        var next = UpdateMasks.Apply(current, patch, ["subjects", "lead_media"]);

        Assert.Equal("old", next.Headline);
        Assert.Equal(["c"], next.Subjects);
        Assert.Null(next.LeadMedia);
        Assert.Equal(["a", "b"], current.Subjects);
    }
}
