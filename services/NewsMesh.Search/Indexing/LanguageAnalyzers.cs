using System.Collections.Frozen;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace NewsMesh.Search.Indexing;

/// <summary>
/// The analyzer for each language, by the primary subtag of a BCP 47 code (<c>pt-BR</c> is analysed as <c>pt</c>):
/// Lucene's own where it has one (stemming and stop words), SmartCn's word segmentation for Chinese, bigrams for
/// Japanese and Korean, and the Unicode standard tokenizer (UAX #29, lower-cased, no stemming) for the rest.
/// Text fields are named <c>{field}.{key}</c>, so that each language's words are analysed, counted and ranked among
/// its own; <see cref="FieldAnalyzer"/> gives the writer and the query the analyzer of each such field.
/// </summary>
public static class LanguageAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>The key of the languages without an analyzer of their own.</summary>
    public const string Standard = "std";

    private static readonly FrozenDictionary<string, Func<Analyzer>> Factories = new Dictionary<string, Func<Analyzer>>
    {
        ["ar"] = () => new Lucene.Net.Analysis.Ar.ArabicAnalyzer(Version),
        ["bg"] = () => new Lucene.Net.Analysis.Bg.BulgarianAnalyzer(Version),
        ["ca"] = () => new Lucene.Net.Analysis.Ca.CatalanAnalyzer(Version),
        ["ckb"] = () => new Lucene.Net.Analysis.Ckb.SoraniAnalyzer(Version),
        ["cs"] = () => new Lucene.Net.Analysis.Cz.CzechAnalyzer(Version),
        ["da"] = () => new Lucene.Net.Analysis.Da.DanishAnalyzer(Version),
        ["de"] = () => new Lucene.Net.Analysis.De.GermanAnalyzer(Version),
        ["el"] = () => new Lucene.Net.Analysis.El.GreekAnalyzer(Version),
        ["en"] = () => new Lucene.Net.Analysis.En.EnglishAnalyzer(Version),
        ["es"] = () => new Lucene.Net.Analysis.Es.SpanishAnalyzer(Version),
        ["eu"] = () => new Lucene.Net.Analysis.Eu.BasqueAnalyzer(Version),
        ["fa"] = () => new Lucene.Net.Analysis.Fa.PersianAnalyzer(Version),
        ["fi"] = () => new Lucene.Net.Analysis.Fi.FinnishAnalyzer(Version),
        ["fr"] = () => new Lucene.Net.Analysis.Fr.FrenchAnalyzer(Version),
        ["ga"] = () => new Lucene.Net.Analysis.Ga.IrishAnalyzer(Version),
        ["gl"] = () => new Lucene.Net.Analysis.Gl.GalicianAnalyzer(Version),
        ["hi"] = () => new Lucene.Net.Analysis.Hi.HindiAnalyzer(Version),
        ["hu"] = () => new Lucene.Net.Analysis.Hu.HungarianAnalyzer(Version),
        ["hy"] = () => new Lucene.Net.Analysis.Hy.ArmenianAnalyzer(Version),
        ["id"] = () => new Lucene.Net.Analysis.Id.IndonesianAnalyzer(Version),
        ["it"] = () => new Lucene.Net.Analysis.It.ItalianAnalyzer(Version),
        ["ja"] = () => new Lucene.Net.Analysis.Cjk.CJKAnalyzer(Version),
        ["ko"] = () => new Lucene.Net.Analysis.Cjk.CJKAnalyzer(Version),
        ["lv"] = () => new Lucene.Net.Analysis.Lv.LatvianAnalyzer(Version),
        ["nb"] = () => new Lucene.Net.Analysis.No.NorwegianAnalyzer(Version),
        ["nl"] = () => new Lucene.Net.Analysis.Nl.DutchAnalyzer(Version),
        ["nn"] = () => new Lucene.Net.Analysis.No.NorwegianAnalyzer(Version),
        ["no"] = () => new Lucene.Net.Analysis.No.NorwegianAnalyzer(Version),
        ["pt"] = () => new Lucene.Net.Analysis.Pt.PortugueseAnalyzer(Version),
        ["ro"] = () => new Lucene.Net.Analysis.Ro.RomanianAnalyzer(Version),
        ["ru"] = () => new Lucene.Net.Analysis.Ru.RussianAnalyzer(Version),
        ["sv"] = () => new Lucene.Net.Analysis.Sv.SwedishAnalyzer(Version),
        ["th"] = () => new Lucene.Net.Analysis.Th.ThaiAnalyzer(Version),
        ["tr"] = () => new Lucene.Net.Analysis.Tr.TurkishAnalyzer(Version),
        ["zh"] = () => new Lucene.Net.Analysis.Cn.Smart.SmartChineseAnalyzer(Version),
        [Standard] = () => new StandardAnalyzer(Version, CharArraySet.Empty),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The analyzer key of <paramref name="languageCode"/>: its primary subtag when Lucene has an analyzer for it, else <see cref="Standard"/>.</summary>
    public static string KeyOf(string languageCode)
    {
        var dash = languageCode.IndexOf('-', StringComparison.Ordinal);
        var primary = (dash < 0 ? languageCode : languageCode[..dash]).ToLowerInvariant();
        return Factories.ContainsKey(primary) ? primary : Standard;
    }

    /// <summary>Every key there is an analyzer for.</summary>
    public static IEnumerable<string> Keys => Factories.Keys;

    /// <summary>The name of <paramref name="field"/> for the language of <paramref name="key"/>, such as <c>body.fr</c>.</summary>
    public static string Field(string field, string key) => field + "." + key;

    /// <summary>
    /// One analyzer over every field: a text field's language is the end of its name; any other field is not analysed.
    /// Thread-safe, as Lucene's analyzers are; one instance serves the process.
    /// </summary>
    public sealed class FieldAnalyzer() : AnalyzerWrapper(PER_FIELD_REUSE_STRATEGY)
    {
        private readonly FrozenDictionary<string, Analyzer> _analyzers =
            Factories.ToFrozenDictionary(pair => pair.Key, pair => pair.Value(), StringComparer.Ordinal);
        private readonly Analyzer _keyword = new Lucene.Net.Analysis.Core.KeywordAnalyzer();

        protected override Analyzer GetWrappedAnalyzer(string fieldName)
        {
            var dot = fieldName.LastIndexOf('.');
            return dot >= 0 && _analyzers.TryGetValue(fieldName[(dot + 1)..], out var analyzer) ? analyzer : _keyword;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                foreach (var analyzer in _analyzers.Values)
                {
                    analyzer.Dispose();
                }
                _keyword.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
