using Microsoft.Extensions.Options;

namespace NewsMesh.Web.Gateway;

/// <summary>
/// What one page read from the gateway (scoped to the request): how long it may be kept and by what it is purged (the
/// parts' statements together), the versions of the parts (their ETags, which name the rendered page), and the time
/// the page may spend reading.
/// </summary>
public sealed class PageReads : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly List<string> _versions = [];

    public PageReads(IHttpContextAccessor accessor, IOptions<WebOptions> options)
    {
        var http = accessor.HttpContext ?? throw new InvalidOperationException("Pages read only within a request.");
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        _deadline.CancelAfter(options.Value.GatewayTimeout);
        ReaderGone = http.RequestAborted;
        ClientAddress = http.Connection.RemoteIpAddress?.ToString();
    }

    /// <summary>Cancelled when the reader leaves or the page's time for the gateway is up.</summary>
    public CancellationToken Token => _deadline.Token;

    /// <summary>Cancelled when the reader leaves: then nothing is unavailable, there is just no one to answer.</summary>
    public CancellationToken ReaderGone { get; }

    /// <summary>The reader's address, which the gateway's rate limits count (it trusts this front to say it).</summary>
    public string? ClientAddress { get; }

    public CacheStatement Statement { get; private set; } = CacheStatement.Unbounded;

    /// <summary>The parts' versions in the order read: the same versions of the same reads render the same page.</summary>
    public string Versions => string.Join(' ', _versions);

    /// <summary>Whether every part had a version, so that the rendered page may be kept under <see cref="Versions"/>.</summary>
    public bool Versioned { get; private set; } = true;

    public void Record(CacheStatement statement, string? etag)
    {
        Statement = Statement.And(statement);
        if (etag is null)
        {
            Versioned = false;
        }
        else
        {
            _versions.Add(etag);
        }
    }

    /// <summary>A page only its reader may see (a preview): kept nowhere, whatever its parts said.</summary>
    public void MakePrivate() => Statement = CacheStatement.Private;

    public void Dispose() => _deadline.Dispose();
}
