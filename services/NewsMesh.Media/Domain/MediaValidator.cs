using Google.Protobuf.WellKnownTypes;
using NewsMesh.Aip;
using NewsMesh.Aip.Fields;
using NewsMesh.Contracts.Media.V1;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Domain;

/// <summary>Checks the fields of media that people write, reporting every bad one with its path from the request root.</summary>
public static class MediaValidator
{
    public static IReadOnlyList<FieldViolation> Validate(MediaResource media, string prefix, DateTimeOffset now)
    {
        var v = FieldBehaviors.Of(MediaResource.Descriptor).RequiredMissingIn(media, prefix).ToList();
        void Bad(string field, string description) => v.Add(new FieldViolation(prefix + field, description));

        MaxLength(Bad, "credit", media.Credit, MediaLimits.CreditMax);
        MaxLength(Bad, "alt_text", media.AltText, MediaLimits.AltTextMax);
        MaxLength(Bad, "caption", media.Caption, MediaLimits.CaptionMax);
        MaxLength(Bad, "source_agency", media.SourceAgency, MediaLimits.SourceAgencyMax);
        MaxLength(Bad, "rights.usage_terms", media.Rights?.UsageTerms ?? "", MediaLimits.UsageTermsMax);
        if (media.Rights?.ExpireTime is { } expiry && !IsValid(expiry))
        {
            Bad("rights.expire_time", "must be a valid time");
        }

        if (media.FilePhotoTime is { } taken && (!IsValid(taken) || taken.ToDateTimeOffset() > now))
        {
            Bad("file_photo_time", "must be a time in the past");
        }
        if (media.FocalPoint is { } focal && !(IsFraction(focal.X) && IsFraction(focal.Y)))
        {
            Bad("focal_point", "x and y must each be from 0 to 1");
        }
        foreach (var (aspect, crop) in media.Crops)
        {
            if (RenditionCatalog.FindAspect(aspect) is null)
            {
                Bad($"crops[{aspect}]", $"the key must be an aspect ratio: {RenditionCatalog.AspectNames}");
            }
            else if (crop is null || !IsCrop(crop))
            {
                Bad($"crops[{aspect}]", "must have x and y from 0 to 1, width and height above 0, and stay inside the image (x + width and y + height at most 1)");
            }
        }
        return v;
    }

    private static void MaxLength(Action<string, string> bad, string field, string value, int max)
    {
        if (value.Length > max)
        {
            bad(field, $"at most {max} characters");
        }
    }

    /// <summary>Whether <paramref name="time"/> is a time protobuf can hold (years 1 to 9999, nanoseconds in range).</summary>
    public static bool IsValid(Timestamp time) =>
        time.Seconds is >= -62135596800 and <= 253402300799 && time.Nanos is >= 0 and < 1_000_000_000;

    private static bool IsFraction(double value) => value is >= 0 and <= 1;

    private static bool IsCrop(Crop crop)
    {
        const double slack = 1e-9;
        return IsFraction(crop.X) && IsFraction(crop.Y)
            && crop.Width > 0 && crop.Height > 0
            && crop.X + crop.Width <= 1 + slack && crop.Y + crop.Height <= 1 + slack;
    }
}
