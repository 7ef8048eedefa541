using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsMesh.Local.Seeding;

/// <summary>
/// Articles made up from the sample articles' own words, so that search has enough to rank: for each language and
/// section of the samples, stories whose headline, summary and paragraphs are words drawn from that language's
/// samples (more often from the story's model of the same section), as often as they occur there. They read as what
/// they are: labelled "Synthetic", with slugs starting <c>synthetic-</c> and the subject <c>synthetic</c>. The same
/// samples always give the same articles, so that seeding twice makes nothing twice.
/// </summary>
public static partial class SyntheticArticles
{
    public const int Count = 540;
    public const string Label = "Synthetic";

    public static IReadOnlyList<SampleArticle> Generate(IReadOnlyList<SampleArticle> samples, int count = Count)
    {
        var models = samples.Where(s => s.State == "published").GroupBy(s => (s.Language, s.Section)).OrderBy(g => g.Key.Language, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Section, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var vocabulary = samples.GroupBy(s => s.Language, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(Words).ToList(), StringComparer.Ordinal);
        var made = new List<SampleArticle>(count);
        for (var i = 0; i < count; i++)
        {
            var random = new Random(16_000 + i);
            var group = models[i % models.Count];
            var model = group[random.Next(group.Count)];
            var own = Words(model).ToList();
            var all = vocabulary[model.Language];
            string Word() => random.Next(3) == 0 ? own[random.Next(own.Count)] : all[random.Next(all.Count)];
            string Sentence(int min, int max) => Capitalise(string.Join(' ', Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Word()))) + ".";
            var body = Enumerable.Range(0, random.Next(3, 6))
                .Select(_ => new SampleBlock(string.Join(' ', Enumerable.Range(0, random.Next(2, 5)).Select(_ => Sentence(8, 18))), null, null, null))
                .ToList();
            var number = (i + 1).ToString("D4", CultureInfo.InvariantCulture);
            made.Add(model with
            {
                Key = $"synthetic-{number}",
                TranslationGroup = $"synthetic-{number}",
                Slug = $"synthetic-{model.Language}-{model.Section}-{number}",
                Label = Label,
                Headline = Sentence(6, 10).TrimEnd('.'),
                Summary = Sentence(15, 25),
                Subjects = [.. model.Subjects, "synthetic"],
                State = "published",
                // Spread over about two months, so that freshness tells them apart.
                Hours = 2 + i * 2.5 + random.NextDouble(),
                Body = body,
                Embargo = false,
                TranslatedFrom = null,
                Correction = null,
            });
        }
        return made;
    }

    /// <summary>The words of a sample, lower-cased, without markup, as often as they occur.</summary>
    private static IEnumerable<string> Words(SampleArticle sample)
    {
        var text = new StringBuilder().Append(sample.Headline).Append(' ').Append(sample.Summary);
        foreach (var block in sample.Body)
        {
            text.Append(' ').Append(block.Paragraph ?? block.Heading ?? block.Quote);
        }
        return Word().Matches(Markup().Replace(text.ToString(), " ")).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length >= 3);
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();

    [GeneratedRegex("<[^>]*>|&[a-z]+;")]
    private static partial Regex Markup();
}
