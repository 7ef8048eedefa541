namespace NewsMesh.Webhooks.Sending;

/// <summary>Wakes the sender when something may have become due: a change was queued, a subscription resumed, a delivery redelivered.</summary>
public sealed class DeliverySignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Wake"/>; taken before looking at the queue, so that no wake is missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Wake() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
