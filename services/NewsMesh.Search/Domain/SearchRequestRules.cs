using NewsMesh.Aip;
using NewsMesh.Aip.Text;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Search.V1;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Search.Domain;

/// <summary>The limits of a search request, each named here and checked field by field.</summary>
public static class SearchRequestRules
{
    public const int MaxQueryCharacters = 500;
    public const int MaxTerms = 32;
    public const int MaxFilterValues = 20;
    public const int MaxFilterValueLength = 100;
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 50;
    /// <summary>How deep pages go: the 1,000th hit is the last one shown.</summary>
    public const int MaxDepth = 1000;

    /// <summary>The request's violations, and its parts when there are none.</summary>
    public static (IReadOnlyList<QueryTerm> Terms, int PageSize, List<FieldViolation> Violations) Check(SearchArticlesRequest request)
    {
        var violations = new List<FieldViolation>();
        IReadOnlyList<QueryTerm> terms = [];
        var characters = request.Query.EnumerateRunes().Count();
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            // No words: every article the filters let through (a section's, an author's, the languages held).
        }
        else if (characters > MaxQueryCharacters)
        {
            violations.Add(new FieldViolation("query", $"must be at most {MaxQueryCharacters} characters; it has {characters}"));
        }
        else
        {
            terms = QueryText.Parse(request.Query);
            if (terms.Count == 0)
            {
                violations.Add(new FieldViolation("query", "has no word to find"));
            }
            else if (terms.Count > MaxTerms)
            {
                violations.Add(new FieldViolation("query", $"must have at most {MaxTerms} words and phrases; it has {terms.Count}"));
            }
        }
        if (request.LanguageCode.Length > 0 && !TextRules.IsLanguageTag(request.LanguageCode))
        {
            violations.Add(new FieldViolation("language_code", "must be a BCP 47 language code such as en or pt-BR"));
        }
        if (request.AllLanguages && request.LanguageCode.Length == 0)
        {
            violations.Add(new FieldViolation("all_languages", "needs language_code, the language of the query"));
        }
        CheckValues(request.Sections, "sections", violations);
        CheckValues(request.Subjects, "subjects", violations);
        if (request.Author.Length > 0 && !Resources.Author.TryParse(request.Author, out _))
        {
            violations.Add(new FieldViolation("author", "must be an author's name, authors/{author}"));
        }
        if (!Enum.IsDefined(request.State))
        {
            violations.Add(new FieldViolation("state", "is not a state of an article"));
        }
        if (!Enum.IsDefined(request.Order))
        {
            violations.Add(new FieldViolation("order", "is not an order"));
        }
        var timesValid = IsValid(request.PublishTimeAfter, "publish_time_after", violations) & IsValid(request.PublishTimeBefore, "publish_time_before", violations);
        if (timesValid && request.PublishTimeAfter is { } after && request.PublishTimeBefore is { } before && after.ToDateTimeOffset() >= before.ToDateTimeOffset())
        {
            violations.Add(new FieldViolation("publish_time_before", "must be later than publish_time_after"));
        }
        if (request.PageSize < 0)
        {
            violations.Add(new FieldViolation("page_size", "must not be negative"));
        }
        var size = request.PageSize switch
        {
            <= 0 => DefaultPageSize,
            > MaxPageSize => MaxPageSize,
            var n => n,
        };
        return (terms, size, violations);
    }

    /// <summary>Whether the caller may filter by state: only those who see every state.</summary>
    public static bool FiltersByState(SearchArticlesRequest request) => request.State != State.Unspecified;

    /// <summary>A timestamp a date can be made of (years 1 to 9999, nanos within a second); unset is valid.</summary>
    private static bool IsValid(Google.Protobuf.WellKnownTypes.Timestamp? time, string field, List<FieldViolation> violations)
    {
        if (time is null || (time.Seconds is >= -62_135_596_800 and <= 253_402_300_799 && time.Nanos is >= 0 and <= 999_999_999))
        {
            return true;
        }
        violations.Add(new FieldViolation(field, "must be a time between the years 1 and 9999"));
        return false;
    }

    private static void CheckValues(Google.Protobuf.Collections.RepeatedField<string> values, string field, List<FieldViolation> violations)
    {
        if (values.Count > MaxFilterValues)
        {
            violations.Add(new FieldViolation(field, $"must have at most {MaxFilterValues} values"));
            return;
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Length is 0 or > MaxFilterValueLength)
            {
                violations.Add(new FieldViolation($"{field}[{i}]", $"must be 1 to {MaxFilterValueLength} characters"));
            }
        }
    }
}
