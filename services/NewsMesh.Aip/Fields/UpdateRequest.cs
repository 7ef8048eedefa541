using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Aip.Names;

namespace NewsMesh.Aip.Fields;

/// <summary>An AIP-134 update as a request carries it: which resource, and which of its fields change.</summary>
public sealed record UpdateRequest(string Id, IReadOnlyList<string> Paths)
{
    /// <summary>
    /// Reads the resource (the request's <paramref name="field"/>, named by <paramref name="pattern"/>) and its mask;
    /// every problem adds a violation (the resource missing, a bad name, a field the mask may not name, an output-only
    /// field sent), and the update read is then not to be used.
    /// </summary>
    public static UpdateRequest Read(IMessage? resource, FieldMask? mask, ResourcePattern pattern, string field, List<FieldViolation> violations)
    {
        if (resource is null)
        {
            violations.Add(new FieldViolation(field, "is required"));
            return new UpdateRequest("", []);
        }
        var name = (string)resource.Descriptor.FindFieldByName("name").Accessor.GetValue(resource);
        if (!pattern.TryParse(name, out var id))
        {
            violations.Add(new FieldViolation(field + ".name", $"must be a resource name of the form {pattern.Form}"));
            return new UpdateRequest("", []);
        }
        var (paths, maskViolations) = UpdateMasks.Of(resource.Descriptor).Resolve(mask, resource);
        violations.AddRange(maskViolations);
        violations.AddRange(FieldBehaviors.Of(resource.Descriptor).OutputOnlySetIn(resource, field + "."));
        return new UpdateRequest(id, paths);
    }
}
