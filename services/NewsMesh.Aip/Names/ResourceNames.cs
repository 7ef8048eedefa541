using System.Diagnostics.CodeAnalysis;
using NewsMesh.Aip;
using NewsMesh.Aip.Text;

namespace NewsMesh.Aip.Names;

/// <summary>Resource names of the form <c>collection/{id}</c> (AIP-122).</summary>
public static class ResourceNames
{
    public const string Articles = "articles";
    public const string Authors = "authors";
    public const string Media = "media";

    public static string Article(string id) => $"{Articles}/{id}";

    public static string Author(string id) => $"{Authors}/{id}";

    public static string MediaName(string id) => $"{Media}/{id}";

    /// <summary>
    /// The ids of a batch request's <paramref name="names"/> (AIP-231: 1 to <paramref name="max"/> names of one
    /// collection), with a violation for the list and for each name that is not of the collection.
    /// </summary>
    public static (List<string> Ids, List<FieldViolation> Violations) ParseBatch(
        IReadOnlyList<string> names, string collection, int max)
    {
        var violations = new List<FieldViolation>();
        if (names.Count == 0 || names.Count > max)
        {
            violations.Add(new FieldViolation("names", $"must hold 1 to {max} names"));
        }
        var ids = new List<string>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            if (TryParse(names[i], collection, out var id))
            {
                ids.Add(id);
            }
            else
            {
                violations.Add(new FieldViolation($"names[{i}]", $"must be a resource name of the form {collection}/{{id}}"));
            }
        }
        return (ids, violations);
    }

    public static bool TryParse(string name, string collection, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (name.Length <= collection.Length + 1
            || !name.StartsWith(collection, StringComparison.Ordinal)
            || name[collection.Length] != '/')
        {
            return false;
        }
        var candidate = name[(collection.Length + 1)..];
        if (!TextRules.IsResourceId(candidate))
        {
            return false;
        }
        id = candidate;
        return true;
    }
}
