using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using NewsMesh.Search.Indexing;

namespace NewsMesh.Search.Querying;

/// <summary>
/// Relevance raised by freshness: a match's score times <c>1 + 1 / (1 + age in days)</c>, so an article published just
/// now counts double, a day-old one one and a half times, a week-old one an eighth more, and a year-old one about the
/// same as its words alone. Drafts, never published, are not raised.
/// </summary>
public sealed class FreshnessQuery(Query relevance, long nowMillis) : CustomScoreQuery(relevance)
{
    private const double DayMillis = 86_400_000;

    /// <summary>The factor for an article published at <paramref name="publishedMillis"/> (0: never).</summary>
    public static float Factor(long publishedMillis, long nowMillis) =>
        publishedMillis <= 0 ? 1f : (float)(1 + 1 / (1 + Math.Max(0, nowMillis - publishedMillis) / DayMillis));

    protected override CustomScoreProvider GetCustomScoreProvider(AtomicReaderContext context) =>
        new Provider(context, context.AtomicReader.GetNumericDocValues(IndexFields.Published), nowMillis);

    private sealed class Provider(AtomicReaderContext context, NumericDocValues? published, long nowMillis) : CustomScoreProvider(context)
    {
        public override float CustomScore(int doc, float subQueryScore, float valSrcScore) =>
            subQueryScore * Factor(published?.Get(doc) ?? 0, nowMillis);
    }
}
