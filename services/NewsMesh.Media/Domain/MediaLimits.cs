namespace NewsMesh.Media.Domain;

/// <summary>Every limit the media service enforces, in one place.</summary>
public static class MediaLimits
{
    /// <summary>The largest chunk one upload message may carry.</summary>
    public const int MaxChunkBytes = 64 * 1024;

    /// <summary>The largest image an upload may carry.</summary>
    public const long MaxUploadBytes = 25L * 1024 * 1024;

    /// <summary>The longest side an image may declare.</summary>
    public const int MaxSide = 12_000;

    /// <summary>The most pixels an image may declare: 40 megapixels decode to 160 MB of RGBA.</summary>
    public const long MaxPixels = 40_000_000;

    public const int BatchMax = 100;
    public const int CaptionMax = 2_000;
    public const int CreditMax = 200;
    public const int AltTextMax = 1_000;
    public const int SourceAgencyMax = 200;
    public const int UsageTermsMax = 1_000;
}
