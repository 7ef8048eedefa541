using System.Text;
using NewsMesh.Contracts;
using NewsMesh.Aip;
using NewsMesh.Aip.Fields;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Text;
using NewsMesh.Contracts.Article.V1;

namespace NewsMesh.Articles.Domain;

/// <summary>
/// Checks an article's editable content. Every bad field is reported, each with its path from the request
/// root (<c>article.body[3].paragraph.text</c>), so an editor can fix them all in one go.
/// </summary>
public static class ArticleValidator
{
    private const string Prefix = "article.";

    public static IReadOnlyList<FieldViolation> Validate(Article article)
    {
        var v = FieldBehaviors.Of(Article.Descriptor).RequiredMissingIn(article, Prefix).ToList();
        void Bad(string field, string description) => v.Add(new FieldViolation(Prefix + field, description));

        if (article.Slug.Length > 0 && !TextRules.IsSlug(article.Slug))
        {
            Bad("slug", $"must be lower-case letters and digits in words joined by single hyphens, at most {TextRules.MaxSlugLength} characters");
        }

        if (article.LanguageCode.Length > 0 && !TextRules.IsLanguageTag(article.LanguageCode))
        {
            Bad("language_code", "must be a BCP-47 language tag such as en, fr or pt-BR");
        }

        if (article.TranslationGroup.Length > 0 && !TextRules.IsResourceId(article.TranslationGroup))
        {
            Bad("translation_group", "must be 1 to 64 letters, digits, '-' or '_'");
        }
        if (article.Section.Length > 0 && !TextRules.IsSlug(article.Section, ArticleLimits.SectionMax))
        {
            Bad("section", $"must be a slug of at most {ArticleLimits.SectionMax} characters, such as world");
        }

        MaxLength(v, "headline", article.Headline, ArticleLimits.HeadlineMax);
        MaxLength(v, "label", article.Label, ArticleLimits.LabelMax);
        MaxLength(v, "summary", article.Summary, ArticleLimits.SummaryMax);
        MaxLength(v, "dateline", article.Dateline, ArticleLimits.DatelineMax);

        ValidateBody(article, Bad);
        ValidateLeadMedia(article.LeadMedia, Bad);
        ValidateTranslationSource(article.TranslationSource, Bad);
        ValidateBylines(article, Bad);

        if (article.Subjects.Count > ArticleLimits.SubjectsMax)
        {
            Bad("subjects", $"at most {ArticleLimits.SubjectsMax} subjects");
        }
        for (var i = 0; i < article.Subjects.Count; i++)
        {
            var subject = article.Subjects[i];
            if (string.IsNullOrWhiteSpace(subject) || subject.Length > ArticleLimits.SubjectMax || subject.Any(char.IsControl))
            {
                Bad($"subjects[{i}]", $"must be 1 to {ArticleLimits.SubjectMax} characters on one line");
            }
        }
        return v;
    }

    /// <summary>A correction or clarification as CorrectArticle receives it.</summary>
    public static IReadOnlyList<FieldViolation> ValidateCorrection(Correction.Types.Type type, string text)
    {
        var v = new List<FieldViolation>();
        if (type is not (Correction.Types.Type.Correction or Correction.Types.Type.Clarification or Correction.Types.Type.EditorsNote))
        {
            v.Add(new FieldViolation("type", "must be TYPE_CORRECTION, TYPE_CLARIFICATION or TYPE_EDITORS_NOTE; a retraction is RetractArticle's"));
        }
        NoteText(v, "text", text);
        return v;
    }

    /// <summary>The reason RetractArticle publishes with the article.</summary>
    public static IReadOnlyList<FieldViolation> ValidateRetraction(string reason)
    {
        var v = new List<FieldViolation>();
        NoteText(v, "reason", reason);
        return v;
    }

    /// <summary>The shape of a translation's source; whether it names a real article of the same group is for the service to check.</summary>
    private static void ValidateTranslationSource(TranslationSource? source, Action<string, string> bad)
    {
        if (source is null)
        {
            return;
        }
        if (!Resources.Article.TryParse(source.Article, out _))
        {
            bad("translation_source.article", $"must be a resource name of the form {Resources.Article.Form}");
        }
        if (source.Revision < 1)
        {
            bad("translation_source.revision", "must be a revision of the source, 1 or more");
        }
    }

    /// <summary>
    /// The output-only fields inside the article's messages that a request set (the top-level ones are
    /// <see cref="FieldBehaviors.OutputOnlySetIn"/>'s): the service keeps a translation's standing itself.
    /// </summary>
    public static IReadOnlyList<FieldViolation> NestedOutputOnlySetIn(Article? article, string prefix) =>
        article?.TranslationSource is not { } source
            ? []
            : FieldBehaviors.Of(TranslationSource.Descriptor).OutputOnlySetIn(source, prefix + "translation_source.");

    private static void NoteText(List<FieldViolation> v, string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            v.Add(new FieldViolation(field, "is required"));
        }
        else if (text.Length > ArticleLimits.NoteMax)
        {
            v.Add(new FieldViolation(field, $"at most {ArticleLimits.NoteMax} characters; got {text.Length}"));
        }
    }

    private static void MaxLength(List<FieldViolation> v, string field, string value, int max)
    {
        if (value.Length > max)
        {
            v.Add(new FieldViolation(Prefix + field, $"at most {max} characters; got {value.Length}"));
        }
    }

    private static void ValidateBody(Article article, Action<string, string> bad)
    {
        if (article.Body.Count > ArticleLimits.BodyBlocksMax)
        {
            bad("body", $"at most {ArticleLimits.BodyBlocksMax} blocks; got {article.Body.Count}");
            return;
        }

        long textBytes = 0;
        for (var i = 0; i < article.Body.Count; i++)
        {
            var block = article.Body[i];
            var at = $"body[{i}]";
            switch (block.KindCase)
            {
                case Block.KindOneofCase.Paragraph:
                    textBytes += Encoding.UTF8.GetByteCount(block.Paragraph.Text);
                    Text(bad, at + ".paragraph.text", block.Paragraph.Text, ArticleLimits.ParagraphMax);
                    if (InlineMarkup.Check(block.Paragraph.Text) is { } why)
                    {
                        bad(at + ".paragraph.text", why);
                    }
                    break;
                case Block.KindOneofCase.Heading:
                    textBytes += Encoding.UTF8.GetByteCount(block.Heading.Text);
                    Text(bad, at + ".heading.text", block.Heading.Text, ArticleLimits.HeadingMax);
                    if (block.Heading.Level is not (0 or 2 or 3 or 4))
                    {
                        bad(at + ".heading.level", "must be 2, 3 or 4");
                    }
                    break;
                case Block.KindOneofCase.Quote:
                    textBytes += Encoding.UTF8.GetByteCount(block.Quote.Text) + Encoding.UTF8.GetByteCount(block.Quote.Attribution);
                    Text(bad, at + ".quote.text", block.Quote.Text, ArticleLimits.QuoteMax);
                    if (block.Quote.Attribution.Length > ArticleLimits.AttributionMax)
                    {
                        bad(at + ".quote.attribution", $"at most {ArticleLimits.AttributionMax} characters");
                    }
                    break;
                case Block.KindOneofCase.Media:
                    textBytes += Encoding.UTF8.GetByteCount(block.Media.Caption);
                    MediaName(bad, at + ".media.media", block.Media.Media);
                    if (block.Media.Caption.Length > ArticleLimits.CaptionMax)
                    {
                        bad(at + ".media.caption", $"at most {ArticleLimits.CaptionMax} characters");
                    }
                    break;
                case Block.KindOneofCase.Embed:
                    textBytes += Encoding.UTF8.GetByteCount(block.Embed.FallbackText);
                    if (!IsHttpsUrl(block.Embed.Url))
                    {
                        bad(at + ".embed.url", $"must be an absolute https URL of at most {ArticleLimits.UrlMax} characters");
                    }
                    if (block.Embed.FallbackText.Length > ArticleLimits.CaptionMax)
                    {
                        bad(at + ".embed.fallback_text", $"at most {ArticleLimits.CaptionMax} characters");
                    }
                    break;
                default:
                    bad(at, "must be a paragraph, heading, quote, media or embed");
                    break;
            }
        }
        if (textBytes > ArticleLimits.BodyTextBytesMax)
        {
            bad("body", $"at most {ArticleLimits.BodyTextBytesMax} bytes of text; got {textBytes}");
        }
    }

    private static void Text(Action<string, string> bad, string field, string value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            bad(field, "must not be empty");
        }
        else if (value.Length > max)
        {
            bad(field, $"at most {max} characters; got {value.Length}");
        }
    }

    private static void ValidateLeadMedia(LeadMedia? lead, Action<string, string> bad)
    {
        if (lead is null)
        {
            return;
        }
        MediaName(bad, "lead_media.media", lead.Media);
        if (lead.AspectRatio.Length > 0 && !AspectRatios.IsKnown(lead.AspectRatio))
        {
            bad("lead_media.aspect_ratio", $"must be one of {string.Join(", ", AspectRatios.All)}");
        }
    }

    private static void ValidateBylines(Article article, Action<string, string> bad)
    {
        if (article.Bylines.Count > ArticleLimits.BylinesMax)
        {
            bad("bylines", $"at most {ArticleLimits.BylinesMax} bylines");
            return;
        }
        var seen = new HashSet<(string, Byline.Types.Role)>();
        for (var i = 0; i < article.Bylines.Count; i++)
        {
            var byline = article.Bylines[i];
            if (!Resources.Author.TryParse(byline.Author, out _))
            {
                bad($"bylines[{i}].author", "must be an author resource name, authors/{author}");
            }
            if (byline.Role == Byline.Types.Role.Unspecified || !Enum.IsDefined(byline.Role))
            {
                bad($"bylines[{i}].role", "must be ROLE_AUTHOR, ROLE_PHOTOGRAPHER, ROLE_CONTRIBUTOR or ROLE_INFORMATION_SOURCE");
            }
            else if (!seen.Add((byline.Author, byline.Role)))
            {
                bad($"bylines[{i}]", "repeats an earlier byline");
            }
        }
    }

    private static void MediaName(Action<string, string> bad, string field, string value)
    {
        if (!Resources.Media.TryParse(value, out _))
        {
            bad(field, "must be a media resource name, media/{media}");
        }
    }

    private static bool IsHttpsUrl(string value) =>
        value.Length <= ArticleLimits.UrlMax
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps;
}
