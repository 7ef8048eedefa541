using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NewsMesh.Storage.Feed;

/// <summary>
/// Wakes the feed's readers when a change may have committed: here, after every commit of the service's database,
/// and elsewhere through relays (another replica's signal). Only a wake-up: the database is the truth, and readers
/// also look every <see cref="FeedOptions.PollInterval"/>, so a lost signal delays a change, never loses it.
/// </summary>
public sealed class ChangeSignal
{
    private readonly Lock _adding = new();
    private Action[] _relays = [];
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the first signal after it was read.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>A write committed here: wake this process's readers and tell the relays.</summary>
    public void Committed()
    {
        Raise();
        foreach (var relay in Volatile.Read(ref _relays))
        {
            relay();
        }
    }

    /// <summary>A write committed somewhere (a relay heard of it): wake this process's readers.</summary>
    public void Raise() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Adds a way to tell other replicas; a commit made while it is added may miss it (the poll covers that).</summary>
    public void AddRelay(Action relay)
    {
        lock (_adding)
        {
            Volatile.Write(ref _relays, [.. _relays, relay]);
        }
    }
}

/// <summary>Signals every commit of the service's contexts: any of them may have recorded a change.</summary>
internal sealed class CommitSignalInterceptor(ChangeSignal signal) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Committed();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Committed();
        return Task.CompletedTask;
    }
}
