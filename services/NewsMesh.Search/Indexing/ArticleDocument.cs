using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Search.V1;

namespace NewsMesh.Search.Indexing;

/// <summary>The names of the index's fields; text fields carry their language's key (<see cref="LanguageAnalyzers.Field"/>).</summary>
public static class IndexFields
{
    /// <summary>The article's resource name: one document per article.</summary>
    public const string Id = "id";
    public const string Language = "language";
    public const string LanguageKey = "language_key";
    public const string Section = "section";
    public const string Subject = "subject";
    public const string Author = "author";
    public const string LeadMedia = "media";
    public const string State = "state";
    public const string Creator = "creator";
    /// <summary>Milliseconds since the Unix epoch, indexed for ranges and kept as doc values for sorting and freshness; 0 for drafts.</summary>
    public const string Published = "published";
    /// <summary>The hit without its snippet, as protobuf bytes.</summary>
    public const string Hit = "hit";
    /// <summary>The article as indexed, as protobuf bytes: what a change to one of its authors or images indexes again.</summary>
    public const string Article = "article";

    public const string Headline = "headline";
    public const string Summary = "summary";
    public const string Body = "body";
    public const string Byline = "byline";

    /// <summary>The text fields with the weight of a match in each.</summary>
    public static readonly IReadOnlyList<(string Field, float Boost)> Text = [(Headline, 3f), (Summary, 2f), (Byline, 2f), (Body, 1f)];
}

/// <summary>An article as the index holds it, made from the article and what its byline and lead image are now.</summary>
public static partial class ArticleDocument
{
    /// <summary>Body text kept for snippets beyond this is not searched either: the highlighter and the index stay bounded.</summary>
    public const int MaxBodyChars = 100_000;

    /// <param name="authorNames">The display names of the article's byline authors that exist.</param>
    /// <param name="leadShown">Whether the lead image may be shown (it exists and its licence holds).</param>
    public static Document Create(Article article, IReadOnlyList<string> authorNames, bool leadShown)
    {
        var key = LanguageAnalyzers.KeyOf(article.LanguageCode);
        var published = article.PublishTime is { } time ? time.ToDateTimeOffset().ToUnixTimeMilliseconds() : 0;
        var hit = new SearchHit
        {
            Article = article.Name,
            Slug = article.Slug,
            LanguageCode = article.LanguageCode,
            Headline = article.Headline,
            Summary = article.Summary,
            Section = article.Section,
            PublishTime = article.PublishTime,
            LeadMedia = leadShown ? article.LeadMedia : null,
            State = article.State,
        };
        var document = new Document
        {
            new StringField(IndexFields.Id, article.Name, Field.Store.YES),
            new StringField(IndexFields.Language, Normalize(article.LanguageCode), Field.Store.NO),
            new SortedDocValuesField(IndexFields.Language, new BytesRef(article.LanguageCode)),
            new StringField(IndexFields.LanguageKey, key, Field.Store.NO),
            new StringField(IndexFields.Section, article.Section, Field.Store.NO),
            new SortedDocValuesField(IndexFields.Section, new BytesRef(article.Section)),
            new StringField(IndexFields.State, ((int)article.State).ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.NO),
            new StringField(IndexFields.Creator, article.Creator, Field.Store.NO),
            new Int64Field(IndexFields.Published, published, Field.Store.NO),
            new NumericDocValuesField(IndexFields.Published, published),
            new StoredField(IndexFields.Hit, hit.ToByteArray()),
            new StoredField(IndexFields.Article, article.ToByteArray()),
            new TextField(LanguageAnalyzers.Field(IndexFields.Headline, key), article.Headline, Field.Store.YES),
            new TextField(LanguageAnalyzers.Field(IndexFields.Summary, key), article.Summary, Field.Store.YES),
            new TextField(LanguageAnalyzers.Field(IndexFields.Body, key), BodyText(article), Field.Store.YES),
            new TextField(LanguageAnalyzers.Field(IndexFields.Byline, key), string.Join(", ", authorNames), Field.Store.NO),
        };
        foreach (var subject in article.Subjects.Distinct(StringComparer.Ordinal))
        {
            document.Add(new StringField(IndexFields.Subject, subject, Field.Store.NO));
        }
        foreach (var author in article.Bylines.Select(b => b.Author).Distinct(StringComparer.Ordinal))
        {
            document.Add(new StringField(IndexFields.Author, author, Field.Store.NO));
        }
        if (article.LeadMedia is { Media.Length: > 0 } lead)
        {
            document.Add(new StringField(IndexFields.LeadMedia, lead.Media, Field.Store.NO));
        }
        return document;
    }

    /// <summary>Language codes compare without case: <c>pt-br</c> is <c>pt-BR</c>.</summary>
    public static string Normalize(string languageCode) => languageCode.ToLowerInvariant();

    /// <summary>The body as plain text: paragraphs without their markup, headings, quotes with who said them, captions and embeds' text.</summary>
    public static string BodyText(Article article)
    {
        var text = new StringBuilder();
        foreach (var block in article.Body)
        {
            var part = block.KindCase switch
            {
                Block.KindOneofCase.Paragraph => Plain(block.Paragraph.Text),
                Block.KindOneofCase.Heading => block.Heading.Text,
                Block.KindOneofCase.Quote => block.Quote.Attribution.Length > 0 ? $"{block.Quote.Text} ({block.Quote.Attribution})" : block.Quote.Text,
                Block.KindOneofCase.Media => block.Media.Caption,
                Block.KindOneofCase.Embed => block.Embed.FallbackText,
                _ => "",
            };
            if (part.Length == 0)
            {
                continue;
            }
            if (text.Length + part.Length + 1 > MaxBodyChars)
            {
                break;
            }
            text.Append(part).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A paragraph's safe markup (tags and entities only, as the article service allows) as text.</summary>
    private static string Plain(string markup) =>
        WebUtility.HtmlDecode(Tag().Replace(markup, tag => tag.Value.StartsWith("<br", StringComparison.OrdinalIgnoreCase) ? " " : ""));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
