using System.Collections.Concurrent;

namespace NewsMesh.ServiceDefaults.Concurrency;

/// <summary>
/// Work that every caller asking for the same key while it runs shares: it runs once, on a thread of its own
/// rather than that of whichever caller started it, and a caller that gives up stops waiting without cancelling
/// it for the others. Once it ends, the next caller starts it anew.
/// </summary>
public sealed class SingleFlight<T>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _inFlight = new(StringComparer.Ordinal);

    public Task<T> RunAsync(string key, Func<Task<T>> work, CancellationToken ct) =>
        _inFlight.GetOrAdd(key, k => new Lazy<Task<T>>(() => RunOnceAsync(k, work))).Value.WaitAsync(ct);

    private async Task<T> RunOnceAsync(string key, Func<Task<T>> work)
    {
        try
        {
            await Task.Yield();
            return await work();
        }
        finally
        {
            // Only the work that added the key removes it: no other can be added while it is there.
            _inFlight.TryRemove(key, out _);
        }
    }
}
