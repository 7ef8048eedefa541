namespace NewsMesh.Articles.Caching;

/// <summary>
/// At shutdown, before the container disposes the cache, the second evictions of writes just acknowledged are made
/// at once, so none is lost and none fails on a disposed cache.
/// </summary>
public sealed class SecondEvictionsOnStop(ArticleCache cache) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => cache.FinishSecondEvictionsAsync().WaitAsync(cancellationToken);
}
