using Deque.AxeCore.Playwright;

namespace NewsMesh.Web.Tests;

/// <summary>axe-core finds nothing serious or critical on any kind of page, left to right or right to left.</summary>
[Collection(WebFront.Name)]
public sealed class AccessibilityTests(WebMesh web)
{
    [Theory]
    [InlineData("/en/")]
    [InlineData("/ar/")]
    [InlineData("/en/world/")]
    [InlineData("/ar/world/")]
    [InlineData("/en/world/ferry-crews-strike")]
    [InlineData("/ar/world/idrab-tawaqim-al-abbarat")]
    [InlineData("/en/authors/ines-calder")]
    [InlineData("/ar/authors/harbour-desk")]
    [InlineData("/en/search?q=ferry")]
    [InlineData("/ar/search?q=%D8%A7%D9%84%D8%B9%D8%A8%D8%A7%D8%B1%D8%A7%D8%AA")]
    [InlineData("/en/business/quay-collapse-claim")]
    [InlineData("/en/no-such-story/at-all/here")]
    [InlineData("/ar/world/no-such-story")]
    public async Task Page_HasNoSeriousOrCriticalViolation(string path)
    {
        var page = await web.PageAsync();
        await page.GotoAsync(path);

        var result = await page.RunAxe();

        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}").ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
        // The scan saw the page: it passed rules on it.
        Assert.NotEmpty(result.Passes);
        await page.Context.CloseAsync();
    }
}
