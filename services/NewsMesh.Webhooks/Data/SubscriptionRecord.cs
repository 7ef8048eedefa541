using NewsMesh.Storage.Documents;

namespace NewsMesh.Webhooks.Data;

/// <summary>A subscription's row: its state decides whether its deliveries are sent.</summary>
public sealed class SubscriptionRecord : DocumentRow
{
    public int State { get; set; }
}
