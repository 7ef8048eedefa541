namespace NewsMesh.Media.Originals;

/// <summary>
/// Work cut short by a crash leaves a partial upload behind; at start, before the service takes requests, those older
/// than an hour (far longer than any live upload takes) are removed.
/// </summary>
public sealed class AbandonedUploads(OriginalFiles files, TimeProvider clock) : IHostedService
{
    private static readonly TimeSpan Age = TimeSpan.FromHours(1);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        files.RemoveAbandonedFiles(clock.GetUtcNow() - Age);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
