namespace NewsMesh.Local.Seeding;

/// <summary>An author of SampleContent/authors.json (the format is in SampleContent/FORMAT.md).</summary>
public sealed record SampleAuthor(
    string Key,
    string Kind,
    string DisplayName,
    Dictionary<string, string> Title,
    Dictionary<string, string> ShortBio,
    Dictionary<string, string> LongBio,
    bool Staff,
    IReadOnlyList<string> Links);
