using System.Globalization;
using System.Text;
using Lucene.Net.Documents;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using NewsMesh.Search.Indexing;

namespace NewsMesh.Search.Querying;

/// <summary>
/// A hit's snippet: the passages of its body (else its summary) where the query's words are, as HTML in which only
/// <c>&lt;mark&gt;</c> is markup: every character of the article's text is escaped. Without a passage that matches
/// (a match in the headline or byline only), the summary's start.
/// </summary>
public sealed class Snippets(LanguageAnalyzers.FieldAnalyzer analyzer, IReadOnlyDictionary<string, Query> queries)
{
    private const int FragmentChars = 160;
    private const int Fragments = 2;
    private const string Separator = " … ";

    public string For(Document document, string key)
    {
        if (queries.TryGetValue(key, out var query))
        {
            foreach (var field in new[] { IndexFields.Body, IndexFields.Summary })
            {
                var name = LanguageAnalyzers.Field(field, key);
                if (document.Get(name, CultureInfo.InvariantCulture) is { Length: > 0 } text && Highlight(query, name, text) is { Length: > 0 } marked)
                {
                    return marked;
                }
            }
        }
        var start = document.Get(LanguageAnalyzers.Field(IndexFields.Summary, key), CultureInfo.InvariantCulture) is { Length: > 0 } summary
            ? summary
            : document.Get(LanguageAnalyzers.Field(IndexFields.Body, key), CultureInfo.InvariantCulture) ?? "";
        var cut = FragmentChars * Fragments;
        if (start.Length <= cut)
        {
            return MarkEncoder.Escape(start);
        }
        // Never between the two halves of a surrogate pair.
        return MarkEncoder.Escape(start[..(char.IsLowSurrogate(start[cut]) ? cut - 1 : cut)] + "…");
    }

    private string Highlight(Query query, string field, string text)
    {
        var scorer = new QueryScorer(query, field);
        var highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new MarkEncoder(), scorer)
        {
            TextFragmenter = new SimpleSpanFragmenter(scorer, FragmentChars),
            MaxDocCharsToAnalyze = ArticleDocument.MaxBodyChars,
        };
        using var tokens = analyzer.GetTokenStream(field, text);
        // Blocks are kept a line each; in a snippet they run on.
        return highlighter.GetBestFragments(tokens, text, Fragments, Separator).Replace('\n', ' ').Trim();
    }

    /// <summary>Escapes the text's HTML characters, and nothing more (Lucene's own encoder also turns every non-ASCII letter into an entity).</summary>
    private sealed class MarkEncoder : IEncoder
    {
        public string EncodeText(string originalText) => Escape(originalText);

        public static string Escape(string text)
        {
            var escaped = new StringBuilder(text.Length + 16);
            foreach (var c in text)
            {
                escaped.Append(c switch
                {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    '"' => "&quot;",
                    '\'' => "&#39;",
                    _ => c.ToString(),
                });
            }
            return escaped.ToString();
        }
    }
}
