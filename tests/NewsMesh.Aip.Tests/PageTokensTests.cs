using NewsMesh.Aip.Paging;

namespace NewsMesh.Aip.Tests;

public class PageTokensTests
{
    private static PageTokens WithKey(string key) => new(key);

    [Fact]
    public void Read_IssuedToken_SameFilter_RoundTrips()
    {
        var tokens = WithKey("a-key-of-sixteen-or-more");
        var cursor = new ListCursor(1_764_000_000_000_000, "01a21fccc3667ed48f57f73763c4b929");
        Assert.Equal(cursor, tokens.Read(tokens.Issue(cursor, "section=world"), "section=world"));
    }

    [Fact]
    public void Read_OtherFilter_OtherKey_Garbage_Null()
    {
        var tokens = WithKey("a-key-of-sixteen-or-more");
        var token = tokens.Issue(new ListCursor(1, "abc"), "section=world");

        Assert.Null(tokens.Read(token, "section=sport"));
        Assert.Null(WithKey("another-key-of-sixteen").Read(token, "section=world"));
        Assert.Null(tokens.Read("not base64 !!", "section=world"));
        Assert.Null(tokens.Read("", "section=world"));
    }
}
