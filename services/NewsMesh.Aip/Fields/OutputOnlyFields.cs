using System.Collections;
using System.Collections.Concurrent;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using NewsMesh.Aip;

namespace NewsMesh.Aip.Fields;

/// <summary>
/// The fields a caller may not set, as the contract marks them (<c>google.api.field_behavior = OUTPUT_ONLY</c>):
/// a request that sets one is refused whatever its update mask says, so that no role can write state, times,
/// revisions or creators by sending them along.
/// </summary>
public static class OutputOnlyFields
{
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> Marked = new();

    /// <summary>One violation, named <c>{prefix}.{field}</c>, for every output-only field set in <paramref name="message"/>.</summary>
    public static IReadOnlyList<FieldViolation> SetIn(IMessage message, string prefix) =>
        Marked.GetOrAdd(message.Descriptor, Find)
            .Where(field => IsSet(field.Accessor.GetValue(message)))
            .Select(field => new FieldViolation($"{prefix}.{field.Name}", "is output only; leave it unset"))
            .ToList();

    private static FieldDescriptor[] Find(MessageDescriptor descriptor) =>
        descriptor.Fields.InDeclarationOrder()
            .Where(f => f.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior)?.Contains(FieldBehavior.OutputOnly) == true)
            .ToArray();

    private static bool IsSet(object? value) => value switch
    {
        null => false,
        string s => s.Length > 0,
        ICollection c => c.Count > 0,
        bool b => b,
        int i => i != 0,
        long l => l != 0,
        uint u => u != 0,
        ulong ul => ul != 0,
        double d => d != 0,
        float f => f != 0,
        ByteString bytes => !bytes.IsEmpty,
        Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture) != 0,
        _ => true,
    };
}
