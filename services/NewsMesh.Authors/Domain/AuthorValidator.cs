using Google.Protobuf.Collections;
using NewsMesh.Contracts;
using NewsMesh.Aip;
using NewsMesh.Aip.Fields;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Text;
using NewsMesh.Contracts.Author.V1;

namespace NewsMesh.Authors.Domain;

/// <summary>Checks an author's editable fields, reporting every bad one with its path from the request root.</summary>
public static class AuthorValidator
{
    private const string Prefix = "author.";

    public static IReadOnlyList<FieldViolation> Validate(Author author)
    {
        var v = FieldBehaviors.Of(Author.Descriptor).RequiredMissingIn(author, Prefix).ToList();
        void Bad(string field, string description) => v.Add(new FieldViolation(Prefix + field, description));

        if (author.Slug.Length > 0 && !TextRules.IsSlug(author.Slug))
        {
            Bad("slug", $"must be lower-case letters and digits in words joined by single hyphens, at most {TextRules.MaxSlugLength} characters");
        }
        if (!Enum.IsDefined(author.Kind))
        {
            Bad("kind", "must be KIND_PERSON, KIND_ORGANIZATION or KIND_WIRE_AGENCY");
        }
        if (author.DisplayName.Length > AuthorLimits.DisplayNameMax)
        {
            Bad("display_name", $"at most {AuthorLimits.DisplayNameMax} characters");
        }

        Localized(Bad, "title", author.Title, AuthorLimits.TitleMax);
        Localized(Bad, "short_bio", author.ShortBio, AuthorLimits.ShortBioMax);
        Localized(Bad, "long_bio", author.LongBio, AuthorLimits.LongBioMax);
        var fallback = author.DefaultLanguageCode.Length == 0 ? "en" : author.DefaultLanguageCode;
        if (!TextRules.IsLanguageTag(fallback))
        {
            Bad("default_language_code", "must be a BCP-47 language tag such as en");
        }
        else if (author.ShortBio.Count > 0 && !author.ShortBio.Keys.Any(k => TextRules.IsLanguageTag(k)
            && TextRules.CanonicalLanguageTag(k) == TextRules.CanonicalLanguageTag(fallback)))
        {
            Bad("default_language_code", $"short_bio has no text in {fallback}, the fallback language (empty means en)");
        }

        if (author.AvatarMedia.Length > 0 && !Resources.Media.TryParse(author.AvatarMedia, out _))
        {
            Bad("avatar_media", "must be a media resource name, media/{media}");
        }
        if (author.Links.Count > AuthorLimits.LinksMax)
        {
            Bad("links", $"at most {AuthorLimits.LinksMax} links");
        }
        for (var i = 0; i < author.Links.Count; i++)
        {
            if (!IsHttpsUrl(author.Links[i]))
            {
                Bad($"links[{i}]", $"must be an absolute https URL of at most {AuthorLimits.UrlMax} characters");
            }
        }
        return v;
    }

    private static void Localized(Action<string, string> bad, string field, MapField<string, string> texts, int max)
    {
        if (texts.Count > AuthorLimits.LanguagesMax)
        {
            bad(field, $"at most {AuthorLimits.LanguagesMax} languages");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (language, text) in texts)
        {
            if (!TextRules.IsLanguageTag(language))
            {
                bad($"{field}[{language}]", "the key must be a BCP-47 language tag such as en");
            }
            else if (!seen.Add(TextRules.CanonicalLanguageTag(language)))
            {
                bad($"{field}[{language}]", "repeats a language already given in another case");
            }
            else if (string.IsNullOrWhiteSpace(text) || text.Length > max)
            {
                bad($"{field}[{language}]", $"must be 1 to {max} characters");
            }
        }
    }

    private static bool IsHttpsUrl(string value) =>
        value.Length <= AuthorLimits.UrlMax
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps;
}
