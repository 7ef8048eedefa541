using NewsMesh.ServiceDefaults.Identity;
using NewsMesh.Storage.Documents;

namespace NewsMesh.Media.Data;

/// <summary>
/// Looks every <see cref="Interval"/> for licences that ended by themselves and tells the change feed of each
/// (RIGHTS_WITHDRAWN), so that what follows the feed (CDN purges, webhooks, search) lets the image go. Reads never
/// wait for it: a media item is withdrawn at its time whatever this has done.
/// </summary>
public sealed partial class LicenceEnds(IServiceScopeFactory scopes, ServiceToken token, TimeProvider clock, ILogger<LicenceEnds> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writer = new Writer(token.Subject, Roles.Service, "LicenceEnded");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var store = scope.ServiceProvider.GetRequiredService<MediaStore>();
                int told;
                do
                {
                    told = await store.AnnounceEndedLicencesAsync(writer, Batch, stoppingToken);
                }
                while (told == Batch);
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away: the licences are still there to tell of when it is back.
                LogFailed(e);
                try
                {
                    await Task.Delay(Interval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Telling the feed of ended licences failed; trying again shortly")]
    private partial void LogFailed(Exception exception);
}
