using Google.Protobuf.WellKnownTypes;
using NewsMesh.Authors.Domain;
using NewsMesh.Contracts.Author.V1;

namespace NewsMesh.Authors.Tests;

public class AuthorRulesTests
{
    [Fact]
    public void Mask_CoversEveryAuthorField_KindIsFixed()
    {
        var all = Author.Descriptor.Fields.InFieldNumberOrder().Select(f => f.Name);
        Assert.Equal(all.Order(), AuthorRules.Mask.Mutable.Concat(AuthorRules.Mask.OutputOnly).Order());
        Assert.Contains("kind", AuthorRules.Mask.OutputOnly);
    }

    [Fact]
    public void Mask_Implicit_TakesSetFields_Star_TakesAllMutable()
    {
        var (implicitPaths, _) = AuthorRules.Mask.Resolve(null, new Author { DisplayName = "x", ShortBio = { ["en"] = "y" }, Staff = true });
        var (starPaths, _) = AuthorRules.Mask.Resolve(new FieldMask { Paths = { "*" } }, new Author());
        Assert.Equal(["display_name", "short_bio", "staff"], implicitPaths.Order());
        Assert.Equal(AuthorRules.Mask.Mutable.Order(), starPaths.Order());
    }

    [Fact]
    public void MoveTo_SameState_ChangesNothing()
    {
        var active = new Author { State = Author.Types.State.Active };
        Assert.Null(AuthorRules.MoveTo(active, Author.Types.State.Active));
        Assert.Equal(Author.Types.State.Archived, AuthorRules.MoveTo(active, Author.Types.State.Archived)!.State);
    }

    [Theory]
    [InlineData("lena-marsh", true)]
    [InlineData("0", true)]
    [InlineData("-leading", false)]
    [InlineData("Upper", false)]
    [InlineData("under_score", false)]
    public void IsAuthorId_LowerCaseLettersDigitsHyphens(string id, bool valid) => Assert.Equal(valid, AuthorRules.IsAuthorId(id));
}
