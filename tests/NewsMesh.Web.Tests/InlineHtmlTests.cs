using Microsoft.AspNetCore.Html;
using NewsMesh.Web.Rendering;

namespace NewsMesh.Web.Tests;

/// <summary>The paragraph markup and search snippets are written from a parse of them: nothing a text holds becomes markup it was not allowed to be.</summary>
public sealed class InlineHtmlTests
{
    private static string Html(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("<b>bold</b> and <i>it</i>", "<strong>bold</strong> and <em>it</em>")]
    [InlineData("<STRONG>x</STRONG><br/>y<BR>", "<strong>x</strong><br>y<br>")]
    [InlineData("a &amp; b &lt;script&gt;", "a &amp; b &lt;script&gt;")]
    [InlineData("<a href=\"https://example.org/?a=1&amp;b=2\">x</a>", "<a rel=\"nofollow noopener\" href=\"https://example.org/?a=1&amp;b=2\">x</a>")]
    public void Paragraph_WritesTheAllowedMarkupAgain(string text, string html) => Assert.Equal(html, Html(InlineHtml.Paragraph(text)));

    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("<b onclick=\"x\">b</b>", "&lt;b onclick=&quot;x&quot;&gt;b")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "x")]
    [InlineData("<a href=\"http://plain.example/\">x</a>", "x")]
    [InlineData("<a href=\"https://x.example/\" onclick=\"y\">x</a>", "&lt;a href=&quot;https://x.example/&quot; onclick=&quot;y&quot;&gt;x")]
    [InlineData("<b>open", "<strong>open</strong>")]
    [InlineData("</em>closes nothing", "closes nothing")]
    [InlineData("<b><i>crossed</b></i>", "<strong><em>crossed</em></strong>")]
    [InlineData("&lt;b&gt;", "&lt;b&gt;")]
    public void Paragraph_AnythingElse_IsText_AndEveryTagIsClosed(string text, string html) => Assert.Equal(html, Html(InlineHtml.Paragraph(text)));

    [Theory]
    [InlineData("a <mark>port</mark> town", "a <mark>port</mark> town")]
    [InlineData("&lt;b&gt; <mark>x", "&lt;b&gt; <mark>x</mark>")]
    [InlineData("<b>x</b></mark>", "&lt;b&gt;x&lt;/b&gt;")]
    public void Snippet_KeepsOnlyTheMarks(string snippet, string html) => Assert.Equal(html, Html(InlineHtml.Snippet(snippet)));

    [Fact]
    public void PlainText_HasNoTags() => Assert.Equal("a b c & d", InlineHtml.PlainText("a<br>b <i>c</i> &amp; d"));
}
