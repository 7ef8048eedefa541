using System.Text;

namespace NewsMesh.Search.Domain;

/// <summary>One part of a query: a word or a quoted phrase, to find or (after <c>-</c>) to exclude.</summary>
public sealed record QueryTerm(string Text, bool Phrase, bool Excluded);

/// <summary>
/// A reader's query as words, quoted phrases and exclusions. Nothing else is syntax: brackets, colons, stars, pluses
/// and the rest are text, which each language's analyzer then reads (mostly as nothing), so no query can be
/// malformed. Control characters count as spaces; a quote left open runs to the end.
/// </summary>
public static class QueryText
{
    public static IReadOnlyList<QueryTerm> Parse(string query)
    {
        var text = Clean(query);
        var terms = new List<QueryTerm>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var excluded = text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]);
            if (excluded)
            {
                i++;
            }
            int start, end;
            var phrase = text[i] == '"';
            if (phrase)
            {
                start = i + 1;
                end = text.IndexOf('"', start);
                end = end < 0 ? text.Length : end;
                i = Math.Min(end + 1, text.Length);
            }
            else
            {
                start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
                {
                    i++;
                }
                end = i;
            }
            var part = text[start..end].Trim();
            if (part.Length > 0 && part != "-")
            {
                terms.Add(new QueryTerm(part, phrase, excluded));
            }
        }
        return terms;
    }

    private static string Clean(string query)
    {
        var text = new StringBuilder(query.Length);
        foreach (var rune in query.EnumerateRunes())
        {
            text.Append(Rune.IsControl(rune) || rune.Value == 0xFFFD ? " " : rune.ToString());
        }
        return text.ToString();
    }
}
