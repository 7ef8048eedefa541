using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsMesh.Aip.Text;

/// <summary>Shapes of the short strings an article is made of: slugs, language tags, resource ids.</summary>
public static partial class TextRules
{
    public const int MaxSlugLength = 120;

    /// <summary>BCP-47 allows longer tags; none a newsroom uses comes near.</summary>
    public const int LanguageTagMaxLength = 35;

    public const int ResourceIdMaxLength = 64;

    public static bool IsSlug(string value, int maxLength = MaxSlugLength) =>
        value.Length <= maxLength && SlugPattern().IsMatch(value);

    /// <summary>A well-formed BCP-47 tag (language, optional script, region and variants), such as <c>en</c>, <c>pt-BR</c>, <c>zh-Hant-TW</c>.</summary>
    public static bool IsLanguageTag(string value) => value.Length <= LanguageTagMaxLength && LanguageTagPattern().IsMatch(value);

    /// <summary>Canonical case, so that <c>EN-gb</c> and <c>en-GB</c> are one language: language lower, script title, region upper.</summary>
    public static string CanonicalLanguageTag(string tag)
    {
        var parts = tag.Split('-');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            parts[i] = i == 0 ? part.ToLowerInvariant()
                : part.Length == 4 && char.IsLetter(part[0]) ? CultureInfo.InvariantCulture.TextInfo.ToTitleCase(part.ToLowerInvariant())
                : part.Length is 2 or 3 ? part.ToUpperInvariant()
                : part.ToLowerInvariant();
        }
        return string.Join('-', parts);
    }

    public static bool IsResourceId(string value) => ResourceIdPattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTagPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceIdPattern();
}
