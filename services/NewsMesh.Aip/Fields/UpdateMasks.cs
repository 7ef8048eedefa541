using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Aip;

namespace NewsMesh.Aip.Fields;

/// <summary>
/// AIP-134 update masks over whole top-level fields: which fields a request changes, and a copy of the
/// resource with those fields taken from the request. What may change is what the contract marks
/// (<see cref="FieldBehaviors"/>), so a new field is updatable, or not, by its annotation alone.
/// </summary>
public sealed class UpdateMasks
{
    private static readonly ConcurrentDictionary<MessageDescriptor, UpdateMasks> Known = new();

    private readonly MessageDescriptor descriptor;
    private readonly FieldBehaviors behaviors;

    private UpdateMasks(MessageDescriptor descriptor)
    {
        this.descriptor = descriptor;
        behaviors = FieldBehaviors.Of(descriptor);
    }

    public static UpdateMasks Of(MessageDescriptor descriptor) => Known.GetOrAdd(descriptor, d => new UpdateMasks(d));

    public IReadOnlySet<string> Mutable => behaviors.Mutable;

    /// <summary>No mask means the fields set in <paramref name="patch"/>; <c>*</c> means every mutable field.</summary>
    public (IReadOnlyList<string> Paths, IReadOnlyList<FieldViolation> Violations) Resolve(FieldMask? mask, IMessage patch)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            return (Mutable.Where(path => behaviors.IsSet(patch, path)).ToList(), []);
        }
        if (mask.Paths is ["*"])
        {
            return (Mutable.ToList(), []);
        }

        var violations = new List<FieldViolation>();
        var paths = new List<string>();
        foreach (var path in mask.Paths.Select(ProtoName))
        {
            if (Refusal(path) is { } reason)
            {
                violations.Add(new FieldViolation("update_mask", reason));
            }
            else if (!paths.Contains(path))
            {
                paths.Add(path);
            }
        }
        return (paths, violations);
    }

    private string? Refusal(string path) =>
        behaviors.OutputOnly.Contains(path) ? $"{path} is output only and cannot be updated"
        : behaviors.Identifier.Contains(path) ? $"{path} names the resource and cannot be updated"
        : behaviors.Immutable.Contains(path) ? $"{path} is immutable: it is set when the resource is created"
        : path == FieldBehaviors.EtagField ? $"{path} is the version the update is made against; send it in the resource, not in the mask"
        : Mutable.Contains(path) ? null
        : $"{path} is not a field that can be updated; whole top-level fields only";

    /// <summary>
    /// The field's proto name for a path written with its JSON name (<c>displayName</c>): JSON transcoding passes a
    /// query string's <c>updateMask</c> through as written, and web clients write JSON names.
    /// </summary>
    private string ProtoName(string path) =>
        descriptor.FindFieldByName(path) is not null
            ? path
            : descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == path)?.Name ?? path;

    /// <summary>A copy of <paramref name="current"/> with <paramref name="paths"/> taken from <paramref name="patch"/>.</summary>
    public static T Apply<T>(T current, T patch, IEnumerable<string> paths) where T : IMessage<T>, IDeepCloneable<T>
    {
        var next = current.Clone();
        foreach (var path in paths)
        {
            var field = current.Descriptor.FindFieldByName(path);
            var value = field.Accessor.GetValue(patch);
            if (field.IsRepeated || field.IsMap)
            {
                field.Accessor.Clear(next);
                var target = field.Accessor.GetValue(next);
                if (target is IDictionary map)
                {
                    foreach (DictionaryEntry entry in (IDictionary)value)
                    {
                        map[entry.Key] = entry.Value;
                    }
                }
                else
                {
                    foreach (var item in (IEnumerable)value)
                    {
                        ((IList)target).Add(item);
                    }
                }
            }
            else if (value is null)
            {
                field.Accessor.Clear(next);
            }
            else
            {
                field.Accessor.SetValue(next, value);
            }
        }
        return next;
    }
}
