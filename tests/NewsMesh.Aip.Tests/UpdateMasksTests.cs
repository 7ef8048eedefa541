using Google.Protobuf.WellKnownTypes;
using NewsMesh.Aip.Fields;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Article.V1;

namespace NewsMesh.Aip.Tests;

public class UpdateMasksTests
{
    private static readonly UpdateMasks Articles = UpdateMasks.Of(Article.Descriptor);

    [Fact]
    public void Resolve_NoMask_TakesTheFieldsThatAreSet()
    {
        var (paths, violations) = Articles.Resolve(null, new Article { Headline = "h", Subjects = { "s" } });
        Assert.Empty(violations);
        Assert.Equal(["headline", "subjects"], paths.Order());
    }

    [Fact]
    public void Resolve_Star_TakesEveryMutableField()
    {
        var (paths, _) = Articles.Resolve(new FieldMask { Paths = { "*" } }, new Article());
        Assert.Equal(Articles.Mutable.Order(), paths.Order());
    }

    [Fact]
    public void Resolve_UnknownOrNestedPath_Refused()
    {
        var (_, violations) = Articles.Resolve(new FieldMask { Paths = { "nonsense", "lead_media.media" } }, new Article());
        Assert.Equal(2, violations.Count);
        Assert.All(violations, v => Assert.Equal("update_mask", v.Field));
    }

    [Fact]
    public void Resolve_JsonNames_AreTheSameFields()
    {
        var (paths, violations) = Articles.Resolve(new FieldMask { Paths = { "leadMedia", "language_code", "createTime" } }, new Article());

        Assert.Equal(["language_code", "lead_media"], paths.Order());
        Assert.Equal("create_time is output only and cannot be updated", Assert.Single(violations).Description);
    }

    [Fact]
    public void Resolve_IdentifierImmutableOrEtag_RefusedEachWithItsReason()
    {
        var authors = UpdateMasks.Of(Author.Descriptor);

        var (paths, violations) = authors.Resolve(new FieldMask { Paths = { "name", "kind", "etag", "display_name" } }, new Author());

        Assert.Equal(["display_name"], paths);
        Assert.Equal(
            ["name names the resource and cannot be updated", "kind is immutable: it is set when the resource is created",
             "etag is the version the update is made against; send it in the resource, not in the mask"],
            violations.Select(v => v.Description));
    }

    [Fact]
    public void Resolve_NoMask_LeavesImmutableAndOutputOnlyFieldsOut()
    {
        var (paths, violations) = UpdateMasks.Of(Author.Descriptor).Resolve(
            null, new Author { Kind = Author.Types.Kind.WireAgency, State = Author.Types.State.Archived, DisplayName = "x" });

        Assert.Empty(violations);
        Assert.Equal(["display_name"], paths);
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
