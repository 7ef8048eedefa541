using System.Net;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace NewsMesh.Web.Rendering;

/// <summary>
/// Writes a paragraph's inline markup (<c>b</c>, <c>strong</c>, <c>i</c>, <c>em</c>, <c>br</c>,
/// <c>a href="https://…"</c>) as HTML made here from a parse of it, never the text passed through: every tag is
/// written from this class's own list, every piece of text and every link is encoded, anything else that looks like
/// a tag is shown as text, and a tag left open is closed, so no input can add markup or break the page around it.
/// </summary>
public static partial class InlineHtml
{
    /// <summary>The paragraph <paramref name="text"/> as HTML.</summary>
    public static IHtmlContent Paragraph(string text)
    {
        var html = new HtmlContentBuilder();
        var open = new Stack<string>();
        var at = 0;
        foreach (Match tag in Tag().Matches(text))
        {
            Text(html, text[at..tag.Index]);
            at = tag.Index + tag.Length;
            var name = Canonical(tag.Groups["name"].Value.ToLowerInvariant());
            if (name == "br")
            {
                html.AppendHtml("<br>");
            }
            else if (tag.Groups["close"].Success)
            {
                if (open.Contains(name))
                {
                    // Closes what it closes, and whatever was left open inside it.
                    string closed;
                    do
                    {
                        closed = open.Pop();
                        html.AppendHtml($"</{closed}>");
                    }
                    while (closed != name);
                }
            }
            else if (name == "a")
            {
                if (tag.Groups["href"].Success && Uri.TryCreate(WebUtility.HtmlDecode(tag.Groups["href"].Value), UriKind.Absolute, out var href) && href.Scheme == Uri.UriSchemeHttps)
                {
                    html.AppendHtml("<a rel=\"nofollow noopener\" href=\"");
                    html.AppendHtml(HtmlEncoder.Default.Encode(href.AbsoluteUri));
                    html.AppendHtml("\">");
                    open.Push("a");
                }
            }
            else
            {
                html.AppendHtml($"<{name}>");
                open.Push(name);
            }
        }
        Text(html, text[at..]);
        while (open.Count > 0)
        {
            html.AppendHtml($"</{open.Pop()}>");
        }
        return html;
    }

    /// <summary>A search snippet: text with the matches between <c>&lt;mark&gt;</c> and <c>&lt;/mark&gt;</c>.</summary>
    public static IHtmlContent Snippet(string snippet)
    {
        var html = new HtmlContentBuilder();
        var marked = false;
        foreach (var part in Mark().Split(snippet))
        {
            if (part.Equals("<mark>", StringComparison.OrdinalIgnoreCase))
            {
                if (!marked)
                {
                    html.AppendHtml("<mark>");
                    marked = true;
                }
            }
            else if (part.Equals("</mark>", StringComparison.OrdinalIgnoreCase))
            {
                if (marked)
                {
                    html.AppendHtml("</mark>");
                    marked = false;
                }
            }
            else
            {
                Text(html, part);
            }
        }
        if (marked)
        {
            html.AppendHtml("</mark>");
        }
        return html;
    }

    /// <summary>The text a paragraph's markup reads as, with no tags: for summaries and cards.</summary>
    public static string PlainText(string text) => WebUtility.HtmlDecode(AnyTag().Replace(Break().Replace(text, " "), "")).Trim();

    // The markup's text is written with entities (&amp; for &); decoded here, it is encoded again when written.
    private static void Text(HtmlContentBuilder html, string text) => html.Append(WebUtility.HtmlDecode(text));

    // <b> and <i> say the same as <strong> and <em> in this markup, and are written as those, which say what they mean.
    private static string Canonical(string name) => name switch
    {
        "b" => "strong",
        "i" => "em",
        _ => name,
    };

    [GeneratedRegex("""<(?<close>/)?(?<name>b|strong|i|em|a|br)(\s+href="(?<href>[^"<>]*)")?\s*/?>""",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Tag();

    [GeneratedRegex("(</?mark>)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Mark();

    [GeneratedRegex("<br\\s*/?>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Break();

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex AnyTag();
}
