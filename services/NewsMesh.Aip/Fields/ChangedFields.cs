using Google.Protobuf;

namespace NewsMesh.Aip.Fields;

/// <summary>Which top-level fields differ between two versions of one resource: what a revision or a correction says it changed.</summary>
public static class ChangedFields
{
    /// <summary>
    /// The fields, in declaration order, whose values differ between <paramref name="before"/> and
    /// <paramref name="after"/>, leaving out <paramref name="ignored"/>; with no <paramref name="before"/>, those set in
    /// <paramref name="after"/>.
    /// </summary>
    public static IReadOnlyList<string> Between(IMessage? before, IMessage after, IReadOnlySet<string> ignored)
    {
        var behaviors = FieldBehaviors.Of(after.Descriptor);
        return after.Descriptor.Fields.InDeclarationOrder()
            .Where(field => !ignored.Contains(field.Name))
            .Where(field => before is null
                ? behaviors.IsSet(after, field.Name)
                : !Equals(field.Accessor.GetValue(before), field.Accessor.GetValue(after)))
            .Select(field => field.Name)
            .ToList();
    }
}
