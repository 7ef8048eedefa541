using NewsMesh.Aip.Text;
using NewsMesh.Contracts;

namespace NewsMesh.Aip.Tests;

public class TextRulesTests
{
    [Theory]
    [InlineData("port-workers-end-strike", true)]
    [InlineData("a", true)]
    [InlineData("2026-budget", true)]
    [InlineData("Port-Workers", false)]
    [InlineData("double--hyphen", false)]
    [InlineData("-leading", false)]
    [InlineData("trailing-", false)]
    [InlineData("acentuación", false)]
    [InlineData("", false)]
    public void IsSlug_FollowsThePattern(string slug, bool expected) => Assert.Equal(expected, TextRules.IsSlug(slug));

    [Theory]
    [InlineData("en", true)]
    [InlineData("pt-BR", true)]
    [InlineData("zh-Hant-TW", true)]
    [InlineData("es-419", true)]
    [InlineData("english", false)]
    [InlineData("en_GB", false)]
    [InlineData("e", false)]
    public void IsLanguageTag_AcceptsBcp47(string tag, bool expected) => Assert.Equal(expected, TextRules.IsLanguageTag(tag));

    [Theory]
    [InlineData("EN", "en")]
    [InlineData("pt-br", "pt-BR")]
    [InlineData("ZH-hant-tw", "zh-Hant-TW")]
    [InlineData("es-419", "es-419")]
    public void CanonicalLanguageTag_NormalisesCase(string tag, string expected) =>
        Assert.Equal(expected, TextRules.CanonicalLanguageTag(tag));

    [Theory]
    [InlineData("articles/abc123", "abc123")]
    [InlineData("articles/with-dash_and_underscore", "with-dash_and_underscore")]
    public void ResourceNames_TryParse_ReadsTheId(string name, string id)
    {
        Assert.True(Resources.Article.TryParse(name, out var parsed));
        Assert.Equal(id, parsed);
    }

    [Theory]
    [InlineData("articles/")]
    [InlineData("articles/a/b")]
    [InlineData("articlesx/abc")]
    [InlineData("authors/abc")]
    [InlineData("articles/-abc")]
    public void ResourceNames_TryParse_RefusesOtherShapes(string name) =>
        Assert.False(Resources.Article.TryParse(name, out _));
}
