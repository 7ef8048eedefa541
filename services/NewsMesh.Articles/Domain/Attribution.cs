namespace NewsMesh.Articles.Domain;

/// <summary>
/// The attribution line of an article: the agencies whose material it uses, in the article's language. Derived
/// from the information-source bylines, never typed by an editor. Languages without their own sentence use English.
/// </summary>
public static class Attribution
{
    private sealed record Template(string Sentence, string And);

    private static readonly Dictionary<string, Template> Templates = new(StringComparer.Ordinal)
    {
        ["en"] = new("Some information for this report was provided by {0}.", "and"),
        ["fr"] = new("Certaines informations de cet article ont été fournies par {0}.", "et"),
        ["es"] = new("Parte de la información de este artículo fue proporcionada por {0}.", "y"),
    };

    public static string Line(string languageCode, IReadOnlyList<string> agencies)
    {
        if (agencies.Count == 0)
        {
            return "";
        }
        var template = Templates.GetValueOrDefault(languageCode.Split('-')[0].ToLowerInvariant()) ?? Templates["en"];
        var names = agencies.Count == 1
            ? agencies[0]
            : $"{string.Join(", ", agencies.Take(agencies.Count - 1))} {template.And} {agencies[^1]}";
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, template.Sentence, names);
    }
}
