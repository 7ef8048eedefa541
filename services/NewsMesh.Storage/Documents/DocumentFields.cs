using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace NewsMesh.Storage.Documents;

/// <summary>
/// The standard fields a store keeps on every resource (AIP-148 and AIP-154: <c>name</c>, <c>revision</c>,
/// <c>etag</c>, <c>create_time</c>, <c>update_time</c>, <c>delete_time</c>, and <c>creator</c> and
/// <c>update_actor</c> where the resource records who wrote it), found by name on the message's descriptor.
/// </summary>
internal sealed class DocumentFields
{
    private readonly FieldDescriptor _name, _revision, _etag, _createTime, _updateTime;
    private readonly FieldDescriptor? _deleteTime, _creator, _updateActor;

    public DocumentFields(MessageDescriptor descriptor)
    {
        FieldDescriptor Required(string name) => descriptor.FindFieldByName(name)
            ?? throw new ArgumentException($"{descriptor.FullName} has no {name} field; a stored resource needs one.", nameof(descriptor));
        _name = Required("name");
        _revision = Required("revision");
        _etag = Required("etag");
        _createTime = Required("create_time");
        _updateTime = Required("update_time");
        _deleteTime = descriptor.FindFieldByName("delete_time");
        _creator = descriptor.FindFieldByName("creator");
        _updateActor = descriptor.FindFieldByName("update_actor");
        Bookkeeping = new[] { _revision, _etag, _updateTime, _updateActor }.OfType<FieldDescriptor>().Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The fields every write sets, whatever it changes.</summary>
    public IReadOnlySet<string> Bookkeeping { get; }

    public string Etag(IMessage message) => (string)_etag.Accessor.GetValue(message);

    public long Revision(IMessage message) => (long)_revision.Accessor.GetValue(message);

    public DateTimeOffset CreateTime(IMessage message) => ((Timestamp)_createTime.Accessor.GetValue(message)).ToDateTimeOffset();

    /// <summary>A new resource: its name, first revision, both times and its creator.</summary>
    public void Created(IMessage message, string name, DateTimeOffset now, string actor)
    {
        _name.Accessor.SetValue(message, name);
        _createTime.Accessor.SetValue(message, Timestamp.FromDateTimeOffset(now));
        _creator?.Accessor.SetValue(message, actor);
        Written(message, 1, now, actor);
    }

    /// <summary>A new revision of a resource.</summary>
    public void Written(IMessage message, long revision, DateTimeOffset now, string actor)
    {
        _revision.Accessor.SetValue(message, revision);
        _etag.Accessor.SetValue(message, Versions.Etag(revision));
        _updateTime.Accessor.SetValue(message, Timestamp.FromDateTimeOffset(now));
        _updateActor?.Accessor.SetValue(message, actor);
    }

    public void Deleted(IMessage message, DateTimeOffset now) =>
        _deleteTime?.Accessor.SetValue(message, Timestamp.FromDateTimeOffset(now));
}
