using NewsMesh.Contracts.Gateway.V1;

namespace NewsMesh.Gateway.Pages;

/// <summary>
/// A page, and whether shared caches may keep it: what the article service said of the article it is made from
/// (<see cref="ServiceDefaults.Http.SharedCache"/>). A page that lacks parts is worth keeping only briefly.
/// </summary>
public sealed record ComposedPage(ArticlePage Page, bool Public)
{
    /// <summary>How long at most a shared cache keeps a page with parts missing: until their services are back, about.</summary>
    public static readonly TimeSpan IncompleteMaxAge = TimeSpan.FromSeconds(5);
}
