using NewsMesh.Articles.Domain;

namespace NewsMesh.Articles.Tests.Domain;

public class InlineMarkupTests
{
    [Theory]
    [InlineData("Plain text, no markup.")]
    [InlineData("A <b>bold</b>, <strong>strong</strong>, <i>italic</i> and <em>emphasised</em> word.")]
    [InlineData("Nested <b>bold <i>and italic</i></b> text.")]
    [InlineData("A line<br>break and another<br/>one.")]
    [InlineData("A <a href=\"https://example.org/report\">link</a> to the report.")]
    [InlineData("Fish &amp; chips, 3 &lt; 4.")]
    public void Check_AllowedMarkup_IsSafe(string text) => Assert.Null(InlineMarkup.Check(text));

    [Theory]
    [InlineData("<script>alert(1)</script>", "unsupported markup")]
    [InlineData("<img src=x onerror=alert(1)>", "unsupported markup")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "unsupported markup")]
    [InlineData("<a href=\"http://example.org\">plain http</a>", "unsupported markup")]
    [InlineData("<a>no target</a>", "needs href")]
    [InlineData("<b href=\"https://example.org\">x</b>", "takes no attributes")]
    [InlineData("<b>never closed", "never closed")]
    [InlineData("closed </i> first", "closes nothing open")]
    [InlineData("<b><i>crossed</b></i>", "closes nothing open")]
    [InlineData("3 < 4", "unsupported markup")]
    public void Check_UnsafeOrBrokenMarkup_SaysWhy(string text, string why)
    {
        var problem = InlineMarkup.Check(text);
        Assert.NotNull(problem);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }
}
