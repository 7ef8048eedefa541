namespace NewsMesh.Storage.Documents;

/// <summary>What a store operation came to, in storage terms; one mapper (<see cref="StoreOutcomes"/>) turns it into a status.</summary>
public enum StoreOutcome
{
    /// <summary>No live resource has that name.</summary>
    NotFound,

    /// <summary>A unique fact (an id, a slug) belongs to another resource.</summary>
    AlreadyExists,

    /// <summary>The resource is not at the version the write was made against.</summary>
    EtagMismatch,
}

/// <summary>A store operation that could not be done, with what a caller needs to know about why.</summary>
public sealed class StoreException : Exception
{
    private StoreException(StoreOutcome outcome, string message) : base(message) => Outcome = outcome;

    public StoreOutcome Outcome { get; }

    /// <summary>The resource's name (<c>articles/abc</c>).</summary>
    public string Resource { get; private init; } = "";

    /// <summary>The resource's type, as errors name it (<c>newsmesh.article.v1.Article</c>).</summary>
    public string ResourceType { get; private init; } = "";

    /// <summary>For <see cref="StoreOutcome.AlreadyExists"/>: the machine-readable reason (<c>SLUG_TAKEN</c>).</summary>
    public string Reason { get; private init; } = "";

    /// <summary>For <see cref="StoreOutcome.AlreadyExists"/>: the facts that collided.</summary>
    public IReadOnlyDictionary<string, string> Facts { get; private init; } = new Dictionary<string, string>();

    /// <summary>For <see cref="StoreOutcome.EtagMismatch"/>: the etag the write was made against, and the current one.</summary>
    public (string Sent, string Current) Etags { get; private init; }

    public static StoreException NotFound(string resourceType, string resource) =>
        new(StoreOutcome.NotFound, $"{resource} does not exist.") { ResourceType = resourceType, Resource = resource };

    public static StoreException AlreadyExists(string reason, string message, IReadOnlyDictionary<string, string> facts) =>
        new(StoreOutcome.AlreadyExists, message) { Reason = reason, Facts = facts };

    public static StoreException EtagMismatch(string resource, string sent, string current) =>
        new(StoreOutcome.EtagMismatch, $"{resource} is at {current}, not {sent}.") { Resource = resource, Etags = (sent, current) };
}
