using NewsMesh.Contracts.Feed.V1;

namespace NewsMesh.Storage.Feed;

/// <summary>What a service says of one of its writes for the feed: what happened, which cache keys it touches, and who may know.</summary>
public sealed record ChangeNote(ChangeKind Kind, IReadOnlyCollection<string> SurrogateKeys, ChangeAudience Audience);
