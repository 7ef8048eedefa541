using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMesh.Storage.Documents;

namespace NewsMesh.Storage.Feed;

/// <summary>
/// Reads each new change of the service's feed once, whoever watches, and hands it to every watcher that asked for
/// it: on a signal, or every <see cref="FeedOptions.PollInterval"/>. Each watcher has a bounded buffer; one that
/// falls <see cref="FeedOptions.WatchBuffer"/> behind is ended (it resumes from its cursor), so a slow reader never
/// makes the service hold more. Also drops the changes older than the retention, hourly.
/// </summary>
public sealed partial class ChangeBroadcaster(
    IServiceScopeFactory scopes, FeedDatabase database, ChangeSignal signal, IOptions<FeedOptions> options, TimeProvider clock,
    ILogger<ChangeBroadcaster> logger) : BackgroundService
{
    /// <summary>Changes read at once from the database, for watchers and replays alike.</summary>
    public const int ReadBatch = 500;

    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    private readonly Lock _lock = new();
    private readonly List<Watcher> _watchers = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _head = -1;
    private DateTimeOffset _nextPrune;

    /// <summary>
    /// A new watcher, and the position it starts from: it is handed every change after that position that
    /// <paramref name="filter"/> lets through. What lies before, the caller reads from the database itself.
    /// </summary>
    public async Task<(Watcher Watcher, long Head)> SubscribeAsync(ChangeFilter filter, CancellationToken ct)
    {
        await _started.Task.WaitAsync(ct);
        lock (_lock)
        {
            var watcher = new Watcher(filter, options.Value.WatchBuffer, _head);
            _watchers.Add(watcher);
            return (watcher, _head);
        }
    }

    public void Unsubscribe(Watcher watcher)
    {
        lock (_lock)
        {
            _watchers.Remove(watcher);
        }
        watcher.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Task? poll = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = signal.Next;
            try
            {
                await ReadNewAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogReadFailed(e);
            }
            // One timer per interval, however many signals come.
            poll ??= Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            if (await Task.WhenAny(woken, poll) == poll)
            {
                poll = null;
            }
        }
    }

    private async Task ReadNewAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var log = new ChangeLog(database.Of(scope.ServiceProvider));
        var head = await log.HeadAsync(ct);
        if (_head < 0)
        {
            _head = head;
            _started.TrySetResult();
        }
        while (_head < head)
        {
            var batch = await log.ReadAsync(_head, head, null, ReadBatch, ct);
            var reached = batch.Count < ReadBatch ? head : batch[^1].Sequence;
            lock (_lock)
            {
                foreach (var watcher in _watchers)
                {
                    watcher.Offer(batch, reached);
                }
                _head = reached;
            }
        }
        if (clock.GetUtcNow() >= _nextPrune)
        {
            var pruned = await log.PruneAsync(Versions.Micros(clock.GetUtcNow() - options.Value.Retention), ct);
            _nextPrune = clock.GetUtcNow() + PruneInterval;
            if (pruned > 0)
            {
                LogPruned(pruned);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "The change feed could not be read; watchers wait for the next try")]
    private partial void LogReadFailed(Exception exception);

    [LoggerMessage(LogLevel.Information, "Dropped {Count} changes older than the feed's retention")]
    private partial void LogPruned(int count);
}

/// <summary>One watch stream's share of the broadcast: the changes it asked for, and how far the broadcast got.</summary>
public sealed class Watcher : IDisposable
{
    private readonly ChangeFilter _filter;
    private readonly Channel<ChangeRecord> _changes;
    private readonly CancellationTokenSource _overflow = new();
    private long _reached;

    internal Watcher(ChangeFilter filter, int capacity, long head)
    {
        _filter = filter;
        _reached = head;
        _changes = Channel.CreateBounded<ChangeRecord>(new BoundedChannelOptions(capacity) { SingleWriter = true, SingleReader = true });
    }

    /// <summary>The changes handed to the watcher and not read yet.</summary>
    public ChannelReader<ChangeRecord> Changes => _changes.Reader;

    /// <summary>
    /// How far the broadcast got: every change up to here that the watcher asked for is in <see cref="Changes"/> or
    /// was read from it. Read it before draining <see cref="Changes"/>, since it moves on only after they are written.
    /// </summary>
    public long Reached => Volatile.Read(ref _reached);

    /// <summary>Cancelled when the watcher fell too far behind and was dropped.</summary>
    public CancellationToken Overflowed => _overflow.Token;

    /// <summary>The matching changes of <paramref name="batch"/>, then where the broadcast now is: changes the filter left out move the watcher on too.</summary>
    internal void Offer(IReadOnlyList<ChangeRecord> batch, long reached)
    {
        if (_overflow.IsCancellationRequested)
        {
            return;
        }
        foreach (var change in batch)
        {
            if (_filter.Matches(change) && !_changes.Writer.TryWrite(change))
            {
                _changes.Writer.TryComplete();
                _overflow.Cancel();
                return;
            }
        }
        Volatile.Write(ref _reached, reached);
    }

    public void Dispose() => _overflow.Dispose();
}

/// <summary>How the feed's parts get a context of the service's database from a scope.</summary>
public sealed class FeedDatabase(Func<IServiceProvider, DbContext> of)
{
    public DbContext Of(IServiceProvider services) => of(services);
}
