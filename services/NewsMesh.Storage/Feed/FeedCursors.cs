using System.Globalization;
using NewsMesh.Aip.Paging;
using NewsMesh.Storage.Documents;

namespace NewsMesh.Storage.Feed;

/// <summary>A place in a feed: after change <paramref name="Sequence"/>, given to a reader at <paramref name="Time"/> (for the retention).</summary>
public sealed record FeedPosition(long Sequence, DateTimeOffset Time);

/// <summary>
/// Cursors are page tokens of the service (signed, so a forged or truncated one is refused), bound to its feed: a
/// list's page token is no cursor, and one service's cursor is no other's.
/// </summary>
public sealed class FeedCursors(PageTokens tokens, string service)
{
    private readonly string _filter = "changes:" + service;

    public string Issue(FeedPosition position) =>
        tokens.Issue(new ListCursor(position.Sequence, Versions.Micros(position.Time).ToString(CultureInfo.InvariantCulture)), _filter);

    /// <summary>The position, or null when <paramref name="cursor"/> is not one this feed issued.</summary>
    public FeedPosition? Read(string cursor) =>
        tokens.Read(cursor, _filter) is { } read && long.TryParse(read.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            ? new FeedPosition(read.ListTime, Versions.FromMicros(micros))
            : null;
}
