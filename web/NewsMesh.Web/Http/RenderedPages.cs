using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace NewsMesh.Web.Http;

/// <summary>
/// Pages as rendered, by their address and the versions of what they were made from (the gateway's ETags): a page is
/// answered again only when the gateway has just said that none of its parts changed, so keeping it can never show a
/// reader what the gateway would no longer show. Only pages every part of which was public are kept.
/// </summary>
public sealed class RenderedPages(IOptions<WebOptions> options) : IDisposable
{
    /// <summary>Where a page that may be kept leaves its key for <see cref="PageResponses"/>.</summary>
    public const string KeyItem = "newsmesh-rendered-key";

    private readonly int _entries = options.Value.RenderedPages;
    private readonly MemoryCache _pages = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.RenderedPages) });

    public bool Enabled => _entries > 0;

    public bool TryGet(string key, out Rendered page) => _pages.TryGetValue(key, out page!) && page is not null;

    public void Keep(string key, Rendered page)
    {
        if (Enabled)
        {
            _pages.Set(key, page, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        }
    }

    public void Dispose() => _pages.Dispose();

    public sealed record Rendered(byte[] Body, string ContentType);
}
