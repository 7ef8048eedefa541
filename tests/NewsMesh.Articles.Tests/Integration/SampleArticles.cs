using NewsMesh.Contracts.Article.V1;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>Valid articles with unique slugs and sections, so that each test owns what it creates.</summary>
public static class SampleArticles
{
    public static string UniqueSlug(string stem = "story") => $"{stem}-{Guid.NewGuid():N}"[..Math.Min(stem.Length + 13, 120)];

    public static string UniqueSection() => "s" + Guid.NewGuid().ToString("N")[..12];

    public static Article New(string? section = null, string language = "en", string? slug = null) => new()
    {
        Slug = slug ?? UniqueSlug(),
        LanguageCode = language,
        Section = section ?? UniqueSection(),
        Label = "Analysis",
        Headline = "Harbour cranes fall silent as port talks stall",
        Summary = "Dock workers walked out at dawn after overnight talks broke down.",
        Dateline = "ROTTERDAM",
        TranslationGroup = "harbour-talks",
        Subjects = { "labour", "shipping" },
        Bylines =
        {
            new Byline { Author = "authors/lena-marsh", Role = Byline.Types.Role.Author },
            new Byline { Author = "authors/northwire", Role = Byline.Types.Role.InformationSource },
        },
        Body =
        {
            new Block { Paragraph = new Paragraph { Text = "Cranes stood still along the <b>main quay</b> on Tuesday." } },
            new Block { Heading = new Heading { Text = "What the union wants", Level = 2 } },
            new Block { Quote = new Quote { Text = "We are not moving until the roster changes.", Attribution = "A union steward" } },
        },
    };
}
