using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.ServiceDefaults.Feed;
using NewsMesh.ServiceDefaults.Identity;
using NewsMesh.Webhooks.Data;

namespace NewsMesh.Webhooks.Sending;

/// <summary>
/// Purges the CDN in front of the gateway by surrogate key as changes arrive: a <c>PURGE</c> per change, its keys in
/// <c>xkey-purge</c> (the VCL in deploy/varnish/ purges them with xkey), <see cref="PurgeOptions.SettleDelay"/> after
/// the change, and the same again once the services' own caches have surely settled
/// (<see cref="PurgeOptions.RepeatAfter"/>), in case the CDN fetched a page from a replica still holding the old
/// version in between. The position is stored after each first purge the CDN accepted, so a CDN that is down, or a
/// restart of this service, delays purges and loses none; a position the feed no longer holds bans everything
/// instead. Nothing runs without <see cref="PurgeOptions.Address"/>.
/// </summary>
public sealed partial class CdnPurger(
    IServiceScopeFactory scopes, FeedChannels channels, IOptions<PurgeOptions> options, TimeProvider clock,
    ServiceToken token, ILogger<CdnPurger> logger) : FeedConsumer(token, logger)
{
    public const string Consumer = "purger";

    /// <summary>The request header whose space-separated keys the VCL purges.</summary>
    public const string KeysHeader = "xkey-purge";

    private readonly HttpClient _http = new() { Timeout = options.Value.Timeout };

    // The repeats, in order of their time; kept in memory only, as a safety net over purges already made.
    private readonly Channel<(DateTimeOffset At, string Keys)> _repeats = Channel.CreateUnbounded<(DateTimeOffset, string)>(new() { SingleReader = true });

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        string.IsNullOrWhiteSpace(options.Value.Address)
            ? Task.CompletedTask
            : Task.WhenAll(base.ExecuteAsync(stoppingToken), RepeatAsync(stoppingToken));

    protected override CallInvoker? InvokerFor(string feed) => channels.For(feed);

    protected override async Task<string?> StartAsync(string feed, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await FeedPositions.GetAsync(scope.ServiceProvider.GetRequiredService<WebhooksDbContext>(), Consumer, feed, ct);
    }

    protected override async Task OnChangeAsync(string feed, Change change, CancellationToken ct)
    {
        if (change.SurrogateKeys.Count > 0)
        {
            // The gateway and the services' caches let go of the old version within this time of the change; a purge
            // sooner could have the CDN fetch the old version again and keep it.
            var settled = change.Time.ToDateTimeOffset() + options.Value.SettleDelay - clock.GetUtcNow();
            if (settled > TimeSpan.Zero)
            {
                await Task.Delay(settled < options.Value.SettleDelay ? settled : options.Value.SettleDelay, clock, ct);
            }
            var keys = string.Join(' ', change.SurrogateKeys);
            await PurgeAsync(keys, ct);
            if (options.Value.RepeatAfter > TimeSpan.Zero)
            {
                _repeats.Writer.TryWrite((change.Time.ToDateTimeOffset() + options.Value.RepeatAfter, keys));
            }
        }
        await OnPositionAsync(feed, change.Cursor, ct);
    }

    private async Task RepeatAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var (at, keys) in _repeats.Reader.ReadAllAsync(stop))
            {
                var wait = at - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, stop);
                }
                try
                {
                    await PurgeAsync(keys, stop);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // The first purge was made; this one only covers a rare race, and is not retried.
                    LogRepeatFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task PurgeAsync(string keys, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod("PURGE"), Root());
        request.Headers.Add(KeysHeader, keys);
        await SendAsync(request, ct);
    }

    protected override async Task OnPositionAsync(string feed, string cursor, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
        await FeedPositions.SetAsync(db, Consumer, feed, cursor, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>What changed meanwhile is unknown: everything the CDN holds goes.</summary>
    protected override async Task<string?> OnCursorExpiredAsync(string feed, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod("BAN"), Root());
        await SendAsync(request, ct);
        return null;
    }

    private Uri Root() => new(new Uri(options.Value.Address!), "/");

    private async Task SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The CDN answered {request.Method} with {(int)response.StatusCode}", null, response.StatusCode);
        }
    }

    [LoggerMessage(LogLevel.Warning, "A repeated purge failed; the change's first purge was made")]
    private partial void LogRepeatFailed(Exception exception);

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
