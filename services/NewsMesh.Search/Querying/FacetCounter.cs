using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Search.Indexing;

namespace NewsMesh.Search.Querying;

/// <summary>Counts every match by section and by language, from the doc values, beside the collector of the page.</summary>
public sealed class FacetCounter : ICollector
{
    private readonly Dictionary<string, int> _sections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _languages = new(StringComparer.Ordinal);
    private Segment? _segment;

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        _segment?.AddTo(_sections, _languages);
        _segment = new Segment(context.AtomicReader);
    }

    public void Collect(int doc) => _segment!.Collect(doc);

    public IEnumerable<FacetCount> Sections() => Counts(_sections);

    public IEnumerable<FacetCount> Languages() => Counts(_languages);

    private IEnumerable<FacetCount> Counts(Dictionary<string, int> counts)
    {
        if (_segment is { } last)
        {
            _segment = null;
            last.AddTo(_sections, _languages);
        }
        return counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new FacetCount { Value = c.Key, Count = c.Value });
    }

    /// <summary>Counts by ordinal within one segment, turned into values once at its end.</summary>
    private sealed class Segment
    {
        private readonly SortedDocValues? _section;
        private readonly SortedDocValues? _language;
        private readonly int[] _sectionCounts;
        private readonly int[] _languageCounts;

        public Segment(AtomicReader reader)
        {
            _section = reader.GetSortedDocValues(IndexFields.Section);
            _language = reader.GetSortedDocValues(IndexFields.Language);
            _sectionCounts = new int[_section?.ValueCount ?? 0];
            _languageCounts = new int[_language?.ValueCount ?? 0];
        }

        public void Collect(int doc)
        {
            Count(_section, _sectionCounts, doc);
            Count(_language, _languageCounts, doc);
        }

        public void AddTo(Dictionary<string, int> sections, Dictionary<string, int> languages)
        {
            AddTo(_section, _sectionCounts, sections);
            AddTo(_language, _languageCounts, languages);
        }

        private static void Count(SortedDocValues? values, int[] counts, int doc)
        {
            if (values?.GetOrd(doc) is >= 0 and var ord)
            {
                counts[ord]++;
            }
        }

        private static void AddTo(SortedDocValues? values, int[] counts, Dictionary<string, int> into)
        {
            var term = new BytesRef();
            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] > 0)
                {
                    values!.LookupOrd(ord, term);
                    var value = term.Utf8ToString();
                    into[value] = into.GetValueOrDefault(value) + counts[ord];
                }
            }
        }
    }
}
