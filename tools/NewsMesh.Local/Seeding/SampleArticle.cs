using System.Text.Json.Serialization;

namespace NewsMesh.Local.Seeding;

/// <summary>An article of SampleContent/articles-*.json (the format is in SampleContent/FORMAT.md).</summary>
public sealed record SampleArticle(
    string Key,
    string TranslationGroup,
    string Language,
    string Slug,
    string Section,
    string? Label,
    string Headline,
    string Summary,
    string Dateline,
    IReadOnlyList<string> Subjects,
    IReadOnlyList<SampleByline> Bylines,
    string State,
    double Hours,
    IReadOnlyList<SampleBlock> Body,
    bool Embargo = false,
    string? TranslatedFrom = null,
    SampleCorrection? Correction = null);

/// <summary>A fix published after the sample was seeded: the new summary, and the note that says so.</summary>
public sealed record SampleCorrection(string Type, string Text, string Summary);

public sealed record SampleByline(string Author, string Role);

/// <summary>A body block: exactly one of paragraph (<c>p</c>), heading (<c>h</c>) or quote is set.</summary>
public sealed record SampleBlock(
    [property: JsonPropertyName("p")] string? Paragraph,
    [property: JsonPropertyName("h")] string? Heading,
    string? Quote,
    string? Attribution);
