namespace NewsMesh.Articles.Domain;

/// <summary>Every size limit of an article, in one place so that docs and tests can name them.</summary>
public static class ArticleLimits
{
    public const int HeadlineMax = 300;
    public const int SummaryMax = 1_000;
    public const int DatelineMax = 100;
    public const int LabelMax = 40;
    public const int SectionMax = 60;
    public const int SubjectsMax = 20;
    public const int SubjectMax = 60;
    public const int BylinesMax = 20;
    public const int BodyBlocksMax = 200;
    public const int BodyTextBytesMax = 512 * 1024;
    public const int ParagraphMax = 20_000;
    public const int HeadingMax = 300;
    public const int QuoteMax = 2_000;
    public const int AttributionMax = 200;
    public const int CaptionMax = 1_000;
    public const int UrlMax = 2_000;
    public const int NoteMax = 2_000;
}
