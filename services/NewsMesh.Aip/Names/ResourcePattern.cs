using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Google.Api;
using Google.Protobuf.Reflection;
using NewsMesh.Aip.Text;

namespace NewsMesh.Aip.Names;

/// <summary>
/// A resource's names (AIP-122), as its message's <c>google.api.resource</c> annotation states them: one pattern of
/// the form <c>collection/{id}</c>, or <c>parents/{parent}/collection/{id}</c> for a resource that lives under
/// another.
/// </summary>
public sealed class ResourcePattern
{
    private static readonly ConcurrentDictionary<MessageDescriptor, ResourcePattern> Known = new();

    private ResourcePattern(MessageDescriptor descriptor)
    {
        var resource = descriptor.GetOptions()?.GetExtension(ResourceExtensions.Resource)
            ?? throw new ArgumentException($"{descriptor.FullName} has no google.api.resource annotation.", nameof(descriptor));
        var parts = resource.Pattern.Single().Split('/');
        switch (parts)
        {
            case [var collection, ['{', .., '}']]:
                Collection = collection;
                break;
            case [var parents, ['{', .., '}'], var collection, ['{', .., '}']]:
                ParentCollection = parents;
                Collection = collection;
                break;
            default:
                throw new ArgumentException(
                    $"{descriptor.FullName}'s pattern must be collection/{{id}} or parents/{{parent}}/collection/{{id}}; it is {resource.Pattern.Single()}.",
                    nameof(descriptor));
        }
        Type = descriptor.FullName;
    }

    public static ResourcePattern Of(MessageDescriptor descriptor) => Known.GetOrAdd(descriptor, d => new ResourcePattern(d));

    /// <summary>The message's full name, as errors name the type of a resource (<c>google.rpc.ResourceInfo</c>).</summary>
    public string Type { get; }

    /// <summary>The collection: <c>articles</c> in <c>articles/{article}</c>, <c>revisions</c> in <c>articles/{article}/revisions/{revision}</c>.</summary>
    public string Collection { get; }

    /// <summary>The parent's collection (<c>articles</c> in <c>articles/{article}/revisions/{revision}</c>); null for a top-level resource.</summary>
    public string? ParentCollection { get; }

    /// <summary>What a name looks like, for error messages.</summary>
    public string Form => ParentCollection is null ? $"{Collection}/{{id}}" : $"{ParentCollection}/{{id}}/{Collection}/{{id}}";

    public string Name(string id) => ParentCollection is null
        ? $"{Collection}/{id}"
        : throw new InvalidOperationException($"A {Type} is named under its parent.");

    public string Name(string parentId, string id) => ParentCollection is not null
        ? $"{ParentCollection}/{parentId}/{Collection}/{id}"
        : throw new InvalidOperationException($"A {Type} has no parent.");

    /// <summary>The ids in a child resource's name; false for a name of another form, or when this resource has no parent.</summary>
    public bool TryParse(string name, [NotNullWhen(true)] out string? parentId, [NotNullWhen(true)] out string? id)
    {
        parentId = id = null;
        var parts = name.Split('/');
        if (ParentCollection is null || parts is not [var parents, var parent, var collection, var child]
            || parents != ParentCollection || collection != Collection || !TextRules.IsResourceId(parent) || !TextRules.IsResourceId(child))
        {
            return false;
        }
        parentId = parent;
        id = child;
        return true;
    }

    /// <summary>The id in a top-level resource's name; false for a name of another form, or when this resource has a parent.</summary>
    public bool TryParse(string name, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (ParentCollection is not null || name.Length <= Collection.Length + 1
            || !name.StartsWith(Collection, StringComparison.Ordinal)
            || name[Collection.Length] != '/')
        {
            return false;
        }
        var candidate = name[(Collection.Length + 1)..];
        if (!TextRules.IsResourceId(candidate))
        {
            return false;
        }
        id = candidate;
        return true;
    }

    /// <summary>
    /// The ids of a batch request's <paramref name="names"/> (AIP-231: 1 to <paramref name="max"/> names of this
    /// collection), with a violation for the list and for each name that is not of the collection.
    /// </summary>
    public (List<string> Ids, List<FieldViolation> Violations) ParseBatch(IReadOnlyList<string> names, int max)
    {
        var violations = new List<FieldViolation>();
        if (names.Count == 0 || names.Count > max)
        {
            violations.Add(new FieldViolation("names", $"must hold 1 to {max} names"));
        }
        var ids = new List<string>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            if (TryParse(names[i], out var id))
            {
                ids.Add(id);
            }
            else
            {
                violations.Add(new FieldViolation($"names[{i}]", $"must be a resource name of the form {Form}"));
            }
        }
        return (ids, violations);
    }
}
