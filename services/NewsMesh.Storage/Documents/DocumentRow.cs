namespace NewsMesh.Storage.Documents;

/// <summary>
/// One stored resource: the message itself as its protobuf bytes (<see cref="Document"/>), so that content fields
/// evolve with the contract and need no migration, and as columns the facts that are queried or constrained. A
/// service derives its row and adds its own columns (its projection). Times are microseconds since the Unix
/// epoch, which both providers order and compare natively.
/// </summary>
public abstract class DocumentRow
{
    public string Id { get; set; } = "";

    /// <summary>The request id of the create that made the row (AIP-155); unique.</summary>
    public string? RequestId { get; set; }

    /// <summary>The list order; the id breaks ties.</summary>
    public long ListTime { get; set; }

    /// <summary>Optimistic concurrency token: every write raises it, and a write from a stale read fails.</summary>
    public long Revision { get; set; }

    public byte[] Document { get; set; } = [];
}

/// <summary>
/// A row that is kept when its resource is deleted (AIP-164): the store marks it, and the context's query filter
/// hides it from every read but a request-id replay.
/// </summary>
public interface ISoftDeleted
{
    bool Deleted { get; set; }
}
