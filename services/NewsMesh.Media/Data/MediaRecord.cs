using NewsMesh.Storage.Documents;

namespace NewsMesh.Media.Data;

/// <summary>A media row: the columns media are listed by, and the original file they show.</summary>
public sealed class MediaRecord : DocumentRow
{
    /// <summary>The stored original these media show; several media may share one.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>When the licence ends; null when it does not.</summary>
    public long? RightsExpireTime { get; set; }

    /// <summary>
    /// Whether the change feed was told that the licence ended: by the write that ended it, or, for a licence that ran
    /// out by itself, by <see cref="LicenceEnds"/> when the time came. A write that gives a new end clears it.
    /// </summary>
    public bool WithdrawalAnnounced { get; set; }

    /// <summary>
    /// Set by the migration on rows written while usage terms were free text (field 8), until the start-up
    /// backfill moves that text into <c>rights.usage_terms</c>. A write meanwhile keeps field 8 (an unknown field
    /// survives a parse and a write), so the backfill still finds it.
    /// </summary>
    public bool LegacyRights { get; set; }
}
