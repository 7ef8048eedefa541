namespace NewsMesh.Storage.Feed;

/// <summary>
/// One change in a service's outbox, written in the transaction of the write it describes. The change itself is
/// <see cref="Document"/> (a <c>newsmesh.feed.v1.Change</c> without its cursor); the columns are what readers filter on.
/// </summary>
public sealed class ChangeRecord
{
    /// <summary>Claimed from <see cref="FeedHeadRecord"/> in the write's transaction: numbers become visible in their order.</summary>
    public long Sequence { get; set; }

    public string ResourceType { get; set; } = "";

    /// <summary>The <c>ChangeKind</c>.</summary>
    public int Kind { get; set; }

    /// <summary>The <see cref="ChangeAudience"/>: who may be told of the change.</summary>
    public int Audience { get; set; }

    /// <summary>Microseconds since the Unix epoch.</summary>
    public long Time { get; set; }

    public byte[] Document { get; set; } = [];
}

/// <summary>The one row holding the last sequence number a write claimed; its row lock orders the writers' commits.</summary>
public sealed class FeedHeadRecord
{
    public const int OnlyId = 1;

    public int Id { get; set; }

    public long Sequence { get; set; }
}

/// <summary>Who may be told of a change: anyone who could see the resource before or after it.</summary>
public enum ChangeAudience
{
    /// <summary>Anyone who reads the feed: the resource was or is public.</summary>
    Public = 0,

    /// <summary>Partners too: the resource was or is a story under embargo.</summary>
    Partner = 1,

    /// <summary>Only the newsroom and the mesh: drafts and everything else readers never saw.</summary>
    Staff = 2,
}
