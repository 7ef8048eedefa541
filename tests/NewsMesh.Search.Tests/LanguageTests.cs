using NewsMesh.Contracts.Search.V1;

namespace NewsMesh.Search.Tests;

/// <summary>Each article is analysed in its own language: other forms of a word find it, and a query in one language searches that language.</summary>
[Collection(SearchMeshUsers.Name)]
public sealed class LanguageTests(SearchMesh mesh)
{
    [Theory]
    [InlineData("en", "Voters turned out for the elections", "election", "elections")]
    [InlineData("fr", "Les électeurs se sont déplacés pour les élections", "élection", "élections")]
    [InlineData("es", "Los votantes acudieron a las elecciones", "elección", "elecciones")]
    [InlineData("de", "Die Wähler gingen zu den Wahlen", "Wahl", "Wahlen")]
    [InlineData("ru", "Избиратели пришли на выборы", "выборов", "выборы")]
    [InlineData("pt-BR", "Os eleitores compareceram às eleições", "eleição", "eleições")]
    [InlineData("it", "Gli elettori sono andati alle elezioni", "elezione", "elezioni")]
    [InlineData("ar", "توجه الناخبون إلى الانتخابات", "انتخابات", "الانتخابات")]
    [InlineData("tr", "Öğrenciler yeni kitapları okudu", "kitap", "kitapları")]
    [InlineData("zh", "北京大学的学生参加了选举", "学生", "学生")]
    [InlineData("th", "นักเรียนไปโรงเรียนทุกวัน", "โรงเรียน", "โรงเรียน")]
    [InlineData("ja", "東京都庁で選挙の準備が進む", "都庁", "都庁")]
    [InlineData("ko", "서울시청에서 선거 준비가 한창이다", "시청", "시청")]
    public async Task AnotherFormOfAWord_FindsTheArticle_InItsLanguage(string language, string headline, string form, string marked)
    {
        var word = SearchMesh.Word();
        var article = await mesh.PublishedAsync($"{headline} {word}", $"{headline}, {word}.", language);

        var (answer, _) = await mesh.UntilAsync(new SearchArticlesRequest { Query = $"{word} {form}", LanguageCode = language }, a => SearchMesh.Finds(a, article));

        // The body's own form of the word is what is marked.
        Assert.Contains($"<mark>{marked}</mark>", answer.Hits.Single().Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQueryInOneLanguage_SearchesThatLanguage_UnlessEveryLanguageIsAskedFor()
    {
        var word = SearchMesh.Word();
        var english = await mesh.PublishedAsync($"Budget {word} vote", "—", "en");
        var french = await mesh.PublishedAsync($"Vote du budget {word}", "—", "fr");
        await mesh.UntilAsync(new SearchArticlesRequest { Query = word }, a => a.TotalSize == 2);

        var inFrench = await mesh.SearchAs(null).SearchArticlesAsync(new SearchArticlesRequest { Query = word, LanguageCode = "fr" });
        var everywhere = await mesh.SearchAs(null).SearchArticlesAsync(new SearchArticlesRequest { Query = word, LanguageCode = "fr", AllLanguages = true });

        Assert.Equal([french.Name], inFrench.Hits.Select(h => h.Article));
        Assert.Equal([english.Name, french.Name], everywhere.Hits.Select(h => h.Article).Order(StringComparer.Ordinal));
    }
}
