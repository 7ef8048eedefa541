using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Search.Domain;
using NewsMesh.Search.Indexing;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Search.Querying;

/// <summary>Who is searching: what the article service would show them (<c>ArticleViewer</c>'s rule, for search).</summary>
/// <param name="OwnDraftsOf">A reporter's subject, whose drafts it also finds; empty for everyone else.</param>
public sealed record SearchViewer(bool SeesEveryState, string OwnDraftsOf);

/// <summary>One page of a search, with the count and facets of all its matches.</summary>
public sealed record SearchPage(SearchArticlesResponse Response, bool HasMore);

/// <summary>
/// Runs a search on the index: the query analysed in each language searched, the reader's filters and what the
/// caller may see as a filter (it never changes the ranking), relevance raised by freshness, facets over every match,
/// and a snippet of each hit on the page.
/// </summary>
public sealed class ArticleSearch(SearchIndex index, LanguageAnalyzers.FieldAnalyzer analyzer, TimeProvider clock)
{
    /// <summary>How much tie-breaking a match in a second field adds to the best field's score.</summary>
    private const float TieBreaker = 0.1f;

    public SearchPage Search(SearchArticlesRequest request, IReadOnlyList<QueryTerm> terms, SearchViewer viewer, int offset, int size)
    {
        return index.Search(searcher =>
        {
            var byKey = terms.Count == 0 ? [] : TextQueries(searcher.IndexReader, request, terms);
            var response = new SearchArticlesResponse();
            if (terms.Count > 0 && byKey.Count == 0)
            {
                return new SearchPage(response, false);
            }
            Query text = terms.Count == 0 ? new MatchAllDocsQuery() : byKey.Count == 1 ? byKey.Values.Single() : Any(byKey.Values);
            var query = request.Order == SearchArticlesRequest.Types.Order.Newest
                ? text
                : new FreshnessQuery(text, clock.GetUtcNow().ToUnixTimeMilliseconds());
            var filter = Filter(request, viewer);
            var wanted = Math.Min(offset + size, SearchRequestRules.MaxDepth);
            ITopDocsCollector top = request.Order == SearchArticlesRequest.Types.Order.Newest
                ? TopFieldCollector.Create(Newest, wanted, fillFields: false, trackDocScores: false, trackMaxScore: false, docsScoredInOrder: false)
                : TopScoreDocCollector.Create(wanted, docsScoredInOrder: false);
            var facets = new FacetCounter();
            searcher.Search(query, filter, MultiCollector.Wrap((ICollector)top, facets));
            var docs = top.GetTopDocs(offset, size);
            var snippets = new Snippets(analyzer, byKey);
            foreach (var scored in docs.ScoreDocs)
            {
                var document = searcher.Doc(scored.Doc);
                var hit = SearchHit.Parser.ParseFrom(document.GetBinaryValue(IndexFields.Hit).Bytes);
                hit.Snippet = snippets.For(document, LanguageAnalyzers.KeyOf(hit.LanguageCode));
                response.Hits.Add(hit);
            }
            response.TotalSize = top.TotalHits;
            response.Sections.Add(facets.Sections());
            response.Languages.Add(facets.Languages());
            return new SearchPage(response, offset + size < Math.Min(top.TotalHits, SearchRequestRules.MaxDepth));
        });
    }

    private static readonly Sort Newest = new(new SortField(IndexFields.Published, SortFieldType.INT64, reverse: true), SortField.FIELD_SCORE);

    /// <summary>The query of each language searched, by analyzer key; a language in which no word to find is left (all stop words) is not searched.</summary>
    private Dictionary<string, Query> TextQueries(IndexReader reader, SearchArticlesRequest request, IReadOnlyList<QueryTerm> terms)
    {
        var keys = request.LanguageCode.Length > 0 && !request.AllLanguages
            ? [LanguageAnalyzers.KeyOf(request.LanguageCode)]
            : KeysIn(reader);
        var builder = new QueryBuilder(analyzer);
        var queries = new Dictionary<string, Query>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var all = new BooleanQuery();
            var found = 0;
            foreach (var term in terms)
            {
                if (Across(builder, term, key) is not { } part)
                {
                    continue;
                }
                all.Add(part, term.Excluded ? Occur.MUST_NOT : Occur.MUST);
                found += term.Excluded ? 0 : 1;
            }
            if (found > 0)
            {
                queries[key] = all;
            }
        }
        return queries;
    }

    /// <summary>The analyzer keys of the languages the index holds.</summary>
    private static List<string> KeysIn(IndexReader reader)
    {
        var keys = new List<string>();
        var terms = MultiFields.GetTerms(reader, IndexFields.LanguageKey);
        if (terms is null)
        {
            return keys;
        }
        var each = terms.GetEnumerator();
        while (each.MoveNext())
        {
            keys.Add(each.Term.Utf8ToString());
        }
        return keys;
    }

    /// <summary>One word or phrase in any text field of the language, the best field counting most; null when the analyzer leaves nothing of it.</summary>
    private static DisjunctionMaxQuery? Across(QueryBuilder builder, QueryTerm term, string key)
    {
        var any = new DisjunctionMaxQuery(TieBreaker);
        foreach (var (field, boost) in IndexFields.Text)
        {
            var name = LanguageAnalyzers.Field(field, key);
            var part = term.Phrase ? builder.CreatePhraseQuery(name, term.Text) : builder.CreateBooleanQuery(name, term.Text, Occur.MUST);
            if (part is null)
            {
                return null;
            }
            part.Boost = boost;
            any.Add(part);
        }
        return any;
    }

    private static BooleanQuery Any(IEnumerable<Query> queries)
    {
        var any = new BooleanQuery();
        foreach (var query in queries)
        {
            any.Add(query, Occur.SHOULD);
        }
        return any;
    }

    /// <summary>The request's filters and the caller's visibility, as one filter; null when there is none.</summary>
    private static QueryWrapperFilter? Filter(SearchArticlesRequest request, SearchViewer viewer)
    {
        var all = new BooleanQuery();
        if (request.LanguageCode.Length > 0 && !request.AllLanguages)
        {
            all.Add(Term(IndexFields.Language, ArticleDocument.Normalize(request.LanguageCode)), Occur.MUST);
        }
        if (request.Sections.Count > 0)
        {
            all.Add(Any(request.Sections.Select(s => Term(IndexFields.Section, s))), Occur.MUST);
        }
        foreach (var subject in request.Subjects)
        {
            all.Add(Term(IndexFields.Subject, subject), Occur.MUST);
        }
        if (request.Author.Length > 0)
        {
            all.Add(Term(IndexFields.Author, request.Author), Occur.MUST);
        }
        if (request.State != State.Unspecified)
        {
            all.Add(StateIs(request.State), Occur.MUST);
        }
        if (request.PublishTimeAfter is not null || request.PublishTimeBefore is not null)
        {
            // Never-published articles are stored at 0: a time range is of published ones only.
            all.Add(NumericRangeQuery.NewInt64Range(IndexFields.Published, Math.Max(1, Millis(request.PublishTimeAfter) ?? 1), Millis(request.PublishTimeBefore),
                minInclusive: true, maxInclusive: false), Occur.MUST);
        }
        if (!viewer.SeesEveryState)
        {
            var visible = Any([StateIs(State.Published), StateIs(State.Retracted)]);
            if (viewer.OwnDraftsOf.Length > 0)
            {
                var own = new BooleanQuery { { StateIs(State.Draft), Occur.MUST }, { Term(IndexFields.Creator, viewer.OwnDraftsOf), Occur.MUST } };
                visible.Add(own, Occur.SHOULD);
            }
            all.Add(visible, Occur.MUST);
        }
        return all.Clauses.Count == 0 ? null : new QueryWrapperFilter(all);
    }

    private static TermQuery Term(string field, string value) => new(new Term(field, value));

    private static TermQuery StateIs(State state) => Term(IndexFields.State, ((int)state).ToString(CultureInfo.InvariantCulture));

    private static long? Millis(Timestamp? time) => time?.ToDateTimeOffset().ToUnixTimeMilliseconds();
}
