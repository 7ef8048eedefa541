using System.Collections.Concurrent;
using System.Globalization;
using NewsMesh.Aip.Text;
using Google.Protobuf.WellKnownTypes;

namespace NewsMesh.Web.Rendering;

/// <summary>The language a page is in: its tag, its writing direction, its dates, and the site's words for it.</summary>
public sealed class PageLanguage
{
    private PageLanguage(string code, CultureInfo culture)
    {
        Code = code;
        Culture = culture;
        Text = UiText.For(code);
    }

    /// <summary>The BCP-47 tag, as the API writes it (<c>en</c>, <c>pt-BR</c>).</summary>
    public string Code { get; }

    public CultureInfo Culture { get; }

    public UiText Text { get; }

    public string Direction => Culture.TextInfo.IsRightToLeft ? "rtl" : "ltr";

    /// <summary>The <c>lang</c> to put on the site's own words when they are not in the page's language; null when they are.</summary>
    public string? TextLang => string.Equals(Text.Language, Code, StringComparison.OrdinalIgnoreCase) ? null : Text.Language;

    /// <summary>A time as readers of this language write it, in UTC (said so), for a <c>time</c> element's text.</summary>
    public string Time(Timestamp time) =>
        time.ToDateTimeOffset().ToString(Culture.DateTimeFormat.LongDatePattern + " " + Culture.DateTimeFormat.ShortTimePattern, Culture) + " UTC";

    /// <summary>The machine-readable form of a time, for a <c>time</c> element's <c>datetime</c>.</summary>
    public static string MachineTime(Timestamp time) => time.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The most language tags remembered, read or refused; more are read again each time.</summary>
    private const int Remembered = 1000;

    private static readonly ConcurrentDictionary<string, PageLanguage?> Known = new(StringComparer.Ordinal);

    /// <summary>
    /// The language of <paramref name="code"/> in the API's canonical form (<c>pt-BR</c>: compare with
    /// <see cref="Code"/> to find an address to redirect), or null when it is not a language tag.
    /// </summary>
    public static PageLanguage? Parse(string? code)
    {
        if (string.IsNullOrEmpty(code) || !TextRules.IsLanguageTag(code))
        {
            return null;
        }
        if (Known.TryGetValue(code, out var known))
        {
            return known;
        }
        var read = Read(TextRules.CanonicalLanguageTag(code));
        if (Known.Count < Remembered)
        {
            Known.TryAdd(code, read);
        }
        return read;
    }

    private static PageLanguage? Read(string code)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(code, predefinedOnly: true);
            // The calendar readers of the news expect for dates of events: Gregorian, in every language.
            if (culture.Calendar is not GregorianCalendar)
            {
                var writable = (CultureInfo)culture.Clone();
                writable.DateTimeFormat.Calendar = new GregorianCalendar();
                culture = CultureInfo.ReadOnly(writable);
            }
            return new PageLanguage(code, culture);
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }
}
