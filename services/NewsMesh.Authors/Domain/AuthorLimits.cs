namespace NewsMesh.Authors.Domain;

/// <summary>Every size limit of an author.</summary>
public static class AuthorLimits
{
    public const int DisplayNameMax = 200;
    public const int TitleMax = 200;
    public const int ShortBioMax = 500;
    public const int LongBioMax = 5_000;
    public const int LanguagesMax = 50;
    public const int LinksMax = 10;
    public const int UrlMax = 2_000;
    public const int BatchMax = 100;
}
