using System.Text.RegularExpressions;

namespace NewsMesh.Articles.Domain;

/// <summary>
/// The small inline markup a paragraph may carry. Anything a browser could run or that could break the page
/// (other tags, attributes, script URLs, unbalanced tags) is refused rather than cleaned, so that what the
/// editor sent is exactly what is stored.
/// </summary>
public static partial class InlineMarkup
{
    /// <summary>Returns why <paramref name="text"/> is not safe markup, or null when it is.</summary>
    public static string? Check(string text)
    {
        var open = new Stack<string>();
        var at = 0;
        while ((at = text.IndexOf('<', at)) >= 0)
        {
            var match = Tag().Match(text, at);
            if (!match.Success || match.Index != at)
            {
                return $"unsupported markup at character {at}; allowed: <b>, <strong>, <i>, <em>, <br>, <a href=\"https://…\">; write a literal < as &lt;";
            }
            var name = match.Groups["name"].Value.ToLowerInvariant();
            at += match.Length;
            if (name == "br")
            {
                continue;
            }
            if (match.Groups["close"].Success)
            {
                if (open.Count == 0 || open.Pop() != name)
                {
                    return $"</{name}> at character {match.Index} closes nothing open";
                }
            }
            else
            {
                if (name != "a" && match.Groups["href"].Success)
                {
                    return $"<{name}> at character {match.Index} takes no attributes";
                }
                if (name == "a" && !match.Groups["href"].Success)
                {
                    return $"<a> at character {match.Index} needs href=\"https://…\"";
                }
                open.Push(name);
            }
        }
        return open.Count == 0 ? null : $"<{open.Peek()}> is never closed";
    }

    [GeneratedRegex("""\G<(?<close>/)?(?<name>b|strong|i|em|a|br)(\s+href="(?<href>https://[^"<>\s]+)")?\s*/?>""",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Tag();
}
