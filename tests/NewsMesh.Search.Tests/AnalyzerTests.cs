using Lucene.Net.Analysis.TokenAttributes;
using NewsMesh.Search.Indexing;

namespace NewsMesh.Search.Tests;

/// <summary>Each language's analyzer, on its own: the key a language code maps to, and the terms it makes.</summary>
public sealed class AnalyzerTests
{
    [Theory]
    [InlineData("en", "en")]
    [InlineData("pt-BR", "pt")]
    [InlineData("zh-Hant", "zh")]
    [InlineData("EN-gb", "en")]
    [InlineData("sw", LanguageAnalyzers.Standard)]
    [InlineData("uk", LanguageAnalyzers.Standard)]
    public void ALanguageCode_MapsToItsPrimarySubtagsAnalyzer_OrTheStandardOne(string code, string key) =>
        Assert.Equal(key, LanguageAnalyzers.KeyOf(code));

    [Theory]
    [InlineData("en", "Voters turned out for the elections", "election")]
    [InlineData("fr", "Les électeurs se sont déplacés pour les élections", "élection")]
    [InlineData("es", "Los votantes acudieron a las elecciones", "elección")]
    [InlineData("de", "Die Wähler gingen zu den Wahlen", "Wahl")]
    [InlineData("ru", "Избиратели пришли на выборы", "выборов")]
    [InlineData("pt-BR", "Os eleitores compareceram às eleições", "eleição")]
    [InlineData("it", "Gli elettori sono andati alle elezioni", "elezione")]
    [InlineData("ar", "توجه الناخبون إلى الانتخابات", "انتخابات")]
    [InlineData("tr", "Öğrenciler yeni kitapları okudu", "kitap")]
    [InlineData("zh", "北京大学的学生参加了选举", "学生")]
    [InlineData("ja", "東京都庁で選挙の準備が進む", "都庁")]
    [InlineData("ko", "서울시청에서 선거 준비가 한창이다", "시청")]
    [InlineData("th", "นักเรียนไปโรงเรียนทุกวัน", "โรงเรียน")]
    public void AnotherFormOfAWord_AnalysesToATermOfTheText(string language, string text, string form)
    {
        using var analyzer = new LanguageAnalyzers.FieldAnalyzer();
        var field = LanguageAnalyzers.Field(IndexFields.Body, LanguageAnalyzers.KeyOf(language));

        var terms = Terms(analyzer, field, text);
        var query = Terms(analyzer, field, form);

        Assert.NotEmpty(query);
        Assert.All(query, term => Assert.Contains(term, terms));
    }

    public static List<string> Terms(LanguageAnalyzers.FieldAnalyzer analyzer, string field, string text)
    {
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        var terms = new List<string>();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }
        stream.End();
        return terms;
    }
}
