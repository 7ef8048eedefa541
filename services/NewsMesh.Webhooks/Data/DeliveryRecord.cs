namespace NewsMesh.Webhooks.Data;

/// <summary>
/// One change queued for one subscription, kept until it is delivered (then for the retention) or fails for good
/// (a dead letter, until redelivered or past the retention). Times are microseconds since the Unix epoch.
/// </summary>
public sealed class DeliveryRecord
{
    /// <summary>In queueing order, which is feed order within each feed.</summary>
    public long Id { get; set; }

    public string SubscriptionId { get; set; } = "";

    /// <summary>The feed the change came from, and its number there: a change is queued once per subscription.</summary>
    public string Feed { get; set; } = "";

    public long Sequence { get; set; }

    /// <summary>The changed resource: a later change to it waits until this one is delivered or has failed.</summary>
    public string Resource { get; set; } = "";

    /// <summary>The change, as its protobuf bytes.</summary>
    public byte[] Change { get; set; } = [];

    /// <summary>A <see cref="Contracts.Webhook.V1.Delivery.Types.State"/>.</summary>
    public int State { get; set; }

    public int Attempts { get; set; }

    public int LastStatusCode { get; set; }

    public string LastError { get; set; } = "";

    public long CreateTime { get; set; }

    public long? LastAttemptTime { get; set; }

    public long NextAttemptTime { get; set; }

    public long? DeliverTime { get; set; }

    public long ExpireTime { get; set; }
}

/// <summary>Where a consumer of this service (the webhooks, the purger) stands in each feed it follows.</summary>
public sealed class FeedPositionRecord
{
    public string Consumer { get; set; } = "";

    public string Feed { get; set; } = "";

    public string Cursor { get; set; } = "";
}
