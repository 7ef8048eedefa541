using System.Diagnostics.CodeAnalysis;

namespace NewsMesh.ServiceDefaults.Text;

/// <summary>Resource names of the form <c>collection/{id}</c> (AIP-122).</summary>
public static class ResourceNames
{
    public const string Articles = "articles";
    public const string Authors = "authors";
    public const string Media = "media";

    public static string Article(string id) => $"{Articles}/{id}";

    public static string Author(string id) => $"{Authors}/{id}";

    public static string MediaName(string id) => $"{Media}/{id}";

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
