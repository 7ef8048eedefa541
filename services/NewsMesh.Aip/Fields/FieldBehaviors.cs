using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace NewsMesh.Aip.Fields;

/// <summary>
/// What a resource's contract says of each of its top-level fields with <c>google.api.field_behavior</c> (AIP-203),
/// read once from the generated descriptor: the one source of which fields a caller must set, may set, may change
/// later, or may never send.
/// </summary>
public sealed class FieldBehaviors
{
    /// <summary>The AIP-154 concurrency field: sent back with a write, never written through a mask.</summary>
    public const string EtagField = "etag";

    private static readonly ConcurrentDictionary<MessageDescriptor, FieldBehaviors> Known = new();

    private readonly FieldDescriptor[] _outputOnly;
    private readonly FieldDescriptor[] _required;

    private FieldBehaviors(MessageDescriptor descriptor)
    {
        Descriptor = descriptor;
        var fields = descriptor.Fields.InDeclarationOrder();
        _outputOnly = fields.Where(f => Has(f, FieldBehavior.OutputOnly)).ToArray();
        _required = fields.Where(f => Has(f, FieldBehavior.Required)).ToArray();
        Identifier = fields.Where(f => Has(f, FieldBehavior.Identifier)).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        OutputOnly = _outputOnly.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        Immutable = fields.Where(f => Has(f, FieldBehavior.Immutable)).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        Required = _required.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        Mutable = fields.Select(f => f.Name)
            .Where(name => name != EtagField && !Identifier.Contains(name) && !OutputOnly.Contains(name) && !Immutable.Contains(name))
            .ToHashSet(StringComparer.Ordinal);
    }

    public static FieldBehaviors Of(MessageDescriptor descriptor) => Known.GetOrAdd(descriptor, d => new FieldBehaviors(d));

    public MessageDescriptor Descriptor { get; }

    /// <summary>The resource's name (<c>IDENTIFIER</c>): it says which resource a request means, and never changes.</summary>
    public IReadOnlySet<string> Identifier { get; }

    /// <summary>Set by the service only (<c>OUTPUT_ONLY</c>).</summary>
    public IReadOnlySet<string> OutputOnly { get; }

    /// <summary>Set when the resource is created and never changed (<c>IMMUTABLE</c>).</summary>
    public IReadOnlySet<string> Immutable { get; }

    /// <summary>Must be set on create and stay set (<c>REQUIRED</c>).</summary>
    public IReadOnlySet<string> Required { get; }

    /// <summary>What an update may change: everything that is none of the above, and not the etag.</summary>
    public IReadOnlySet<string> Mutable { get; }

    /// <summary>
    /// One violation, named <c>{prefix}{field}</c>, for every output-only field set in <paramref name="message"/>: a
    /// request that sets one is refused whatever its update mask says, so no role writes state, times or creators.
    /// </summary>
    public IReadOnlyList<FieldViolation> OutputOnlySetIn(IMessage message, string prefix) =>
        _outputOnly.Where(field => IsSet(field.Accessor.GetValue(message)))
            .Select(field => new FieldViolation(prefix + field.Name, "is output only; leave it unset"))
            .ToList();

    /// <summary>One violation for every required field left unset (a string of spaces says nothing, so it is unset too).</summary>
    public IReadOnlyList<FieldViolation> RequiredMissingIn(IMessage message, string prefix) =>
        _required.Where(field => !IsSet(field.Accessor.GetValue(message)) || field.Accessor.GetValue(message) is string s && string.IsNullOrWhiteSpace(s))
            .Select(field => new FieldViolation(prefix + field.Name, "is required"))
            .ToList();

    /// <summary>Whether <paramref name="field"/> holds anything but its default in <paramref name="message"/>.</summary>
    public bool IsSet(IMessage message, string field) => IsSet(Descriptor.FindFieldByName(field).Accessor.GetValue(message));

    private static bool Has(FieldDescriptor field, FieldBehavior behavior) =>
        field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior)?.Contains(behavior) == true;

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
        Enum e => Convert.ToInt32(e, CultureInfo.InvariantCulture) != 0,
        _ => true,
    };
}
