using Google.Protobuf.WellKnownTypes;
using NewsMesh.Authors.Domain;
using NewsMesh.Contracts.Author.V1;

namespace NewsMesh.Authors.Tests;

public class AuthorRulesTests
{
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
