using NewsMesh.Articles.Domain;

namespace NewsMesh.Articles.Paging;

public static class PageSize
{
    /// <summary>AIP-158: 0 means the default, anything over the maximum is lowered to it; negative is the caller's error (null).</summary>
    public static int? Resolve(int requested) => requested switch
    {
        < 0 => null,
        0 => ArticleLimits.DefaultPageSize,
        > ArticleLimits.MaxPageSize => ArticleLimits.MaxPageSize,
        _ => requested,
    };
}
