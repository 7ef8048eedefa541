using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NewsMesh.Search.Indexing;

/// <summary>Not ready until the index has been built once (at once for an index that follows the feed already): a replica with half an index must not be sent readers.</summary>
public sealed class IndexReadiness : IHealthCheck
{
    private volatile bool _built;

    public void Built() => _built = true;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_built ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The search index is being built from the article service's list."));
}
