using NewsMesh.Contracts.Search.V1;
using NewsMesh.Search.Domain;
using NewsMesh.Search.Querying;

namespace NewsMesh.Search.Tests;

/// <summary>How a query's text is read, the limits of a request, and the freshness factor, on their own.</summary>
public sealed class QueryRulesTests
{
    [Fact]
    public void Words_Phrases_AndExclusions_AreRead_AndNothingElseIsSyntax()
    {
        var terms = QueryText.Parse("harbour \"pilot strike\" -ferry -\"night shift\" (a:b) * - ");

        Assert.Equal(
            [new QueryTerm("harbour", false, false), new QueryTerm("pilot strike", true, false), new QueryTerm("ferry", false, true),
                new QueryTerm("night shift", true, true), new QueryTerm("(a:b)", false, false), new QueryTerm("*", false, false)],
            terms);
    }

    [Fact]
    public void AnOpenQuote_RunsToTheEnd_AndControlCharactersAreSpaces()
    {
        Assert.Equal([new QueryTerm("tide", false, false), new QueryTerm("high water", true, false)], QueryText.Parse("tide\u0000\"high water"));
        Assert.Equal([new QueryTerm("a", false, false), new QueryTerm("b", false, false)], QueryText.Parse("a\u0007b"));
        Assert.Empty(QueryText.Parse("\"\" - \u0001"));
    }

    [Theory]
    [InlineData(0, SearchRequestRules.DefaultPageSize)]
    [InlineData(7, 7)]
    [InlineData(51, SearchRequestRules.MaxPageSize)]
    public void PageSize_DefaultsAndIsCapped(int asked, int given) =>
        Assert.Equal(given, SearchRequestRules.Check(new SearchArticlesRequest { Query = "tide", PageSize = asked }).PageSize);

    [Fact]
    public void TheLimits_AreCountedInCharacters_NotInUtf16Units()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", SearchRequestRules.MaxQueryCharacters));

        Assert.Empty(SearchRequestRules.Check(new SearchArticlesRequest { Query = emoji }).Violations);
        Assert.Equal("query", Assert.Single(SearchRequestRules.Check(new SearchArticlesRequest { Query = emoji + "😀" }).Violations).Field);
    }

    [Fact]
    public void Freshness_RaisesANewArticleDouble_ADayOldByHalf_AndLeavesDraftsAlone()
    {
        const long day = 86_400_000;
        var now = 1_000 * day;

        Assert.Equal(2f, FreshnessQuery.Factor(now, now));
        Assert.Equal(1.5f, FreshnessQuery.Factor(now - day, now));
        Assert.Equal(1.125f, FreshnessQuery.Factor(now - 7 * day, now));
        Assert.Equal(1f, FreshnessQuery.Factor(0, now));
        Assert.True(FreshnessQuery.Factor(now - 365 * day, now) < 1.003f);
    }
}
