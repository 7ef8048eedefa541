using NewsMesh.Articles.Data;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// GetArticle and LookupArticle as readers see them: through the cache, loading from the store on a miss. One for
/// the process: a hit resolves nothing per call, and a load, which may serve every reader waiting on the same key and
/// outlive the request that began it, reads in a scope of its own.
/// </summary>
public sealed class CachedArticleReader(ArticleCache cache, IServiceScopeFactory scopes)
{
    public ValueTask<EncodedArticle?> GetAsync(string id, CancellationToken ct) =>
        cache.GetAsync(id, token => LoadAsync(store => store.GetEncodedAsync(id, token)), ct);

    public async ValueTask<EncodedArticle?> LookupAsync(string languageCode, string slug, CancellationToken ct)
    {
        var id = await cache.GetIdBySlugAsync(languageCode, slug, token => LoadAsync(store => store.SlugOwnerAsync(languageCode, slug, token)), ct);
        return id is null ? null : await GetAsync(id, ct);
    }

    private async Task<T?> LoadAsync<T>(Func<ArticleStore, Task<T?>> read)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ArticleStore>());
    }
}
