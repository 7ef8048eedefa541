using NewsMesh.Articles.Data;

namespace NewsMesh.Articles.Caching;

/// <summary>GetArticle and LookupArticle as readers see them: through the cache, loading from the store on a miss.</summary>
public sealed class CachedArticleReader(ArticleCache cache, ArticleStore store)
{
    public ValueTask<EncodedArticle?> GetAsync(string id, CancellationToken ct) =>
        cache.GetAsync(id, token => store.GetEncodedAsync(id, token), ct);

    public async ValueTask<EncodedArticle?> LookupAsync(string languageCode, string slug, CancellationToken ct)
    {
        var id = await cache.GetIdBySlugAsync(languageCode, slug, token => store.SlugOwnerAsync(languageCode, slug, token), ct);
        return id is null ? null : await GetAsync(id, ct);
    }
}
