using System.Text.RegularExpressions;
using NewsMesh.Aip.Fields;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Text;
using NewsMesh.Contracts.Author.V1;

namespace NewsMesh.Authors.Domain;

/// <summary>What may change on an author, and how archiving works.</summary>
public static partial class AuthorRules
{
    /// <summary>A client-chosen id (AIP-133): lower-case letters, digits and hyphens, starting with a letter or digit.</summary>
    public static bool IsAuthorId(string id) => AuthorIdPattern().IsMatch(id);

    /// <summary>
    /// The author with its language tags in canonical case (map keys and the default), and the default language
    /// made explicit; the validator has refused tags that would collide.
    /// </summary>
    public static Author Canonical(Author author)
    {
        var next = author.Clone();
        next.DefaultLanguageCode = author.DefaultLanguageCode.Length == 0 ? "en" : TextRules.CanonicalLanguageTag(author.DefaultLanguageCode);
        Recase(next.Title);
        Recase(next.ShortBio);
        Recase(next.LongBio);
        return next;
    }

    private static void Recase(Google.Protobuf.Collections.MapField<string, string> texts)
    {
        var canonical = texts.ToDictionary(t => TextRules.CanonicalLanguageTag(t.Key), t => t.Value, StringComparer.Ordinal);
        texts.Clear();
        texts.Add(canonical);
    }

    /// <summary>The author in <paramref name="state"/>, or null when it is already there (archiving twice is harmless).</summary>
    public static Author? MoveTo(Author author, Author.Types.State state)
    {
        if (author.State == state)
        {
            return null;
        }
        var next = author.Clone();
        next.State = state;
        return next;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorIdPattern();
}
