using Grpc.Core;
using Lucene.Net.Documents;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Article.V1;

namespace NewsMesh.Search.Indexing;

/// <summary>What a rebuild did: the feed positions it followed on from, and how many articles it indexed.</summary>
public sealed record Rebuilt(IReadOnlyDictionary<string, string> Heads, int Count);

/// <summary>
/// Keeps the index true to the article service: an article is indexed again from what the service holds now (so a
/// change seen twice, or late, changes nothing), one that is gone leaves the index, and a change to an author or an
/// image indexes again the articles that show it. A rebuild lists every article and follows the feeds on from where
/// they stood before the list began.
/// </summary>
public sealed partial class ArticleIndexer(SearchIndex index, ArticleSource source, ILogger<ArticleIndexer> logger)
{
    /// <summary>Handles one change of <paramref name="feed"/> to <paramref name="resource"/>, then records <paramref name="cursor"/>.</summary>
    public Task ApplyAsync(string feed, string resource, long revision, string cursor, CancellationToken ct) =>
        index.WriteAsync(async writer =>
        {
            switch (feed)
            {
                case "articles":
                    await IndexAsync(writer, ArticleName(resource), revision, ct);
                    break;
                case "authors":
                    source.Forget(resource);
                    await IndexAgainAsync(writer, IndexFields.Author, resource, ct);
                    break;
                case "media":
                    source.Forget(resource);
                    await IndexAgainAsync(writer, IndexFields.LeadMedia, resource, ct);
                    break;
            }
            writer.SetPosition(feed, cursor);
        }, ct);

    public Task SetPositionAsync(string feed, string cursor, CancellationToken ct) =>
        index.WriteAsync(writer =>
        {
            writer.SetPosition(feed, cursor);
            return Task.CompletedTask;
        }, ct);

    /// <summary>
    /// Indexes every article the article service lists, removes what it no longer holds and records where each feed
    /// stood before the list began, then makes it all searchable at once.
    /// </summary>
    public Task<Rebuilt> RebuildAsync(Func<long, Task> progress, CancellationToken ct) =>
        index.WriteAsync(async writer =>
        {
            LogRebuilding(index.Path);
            var heads = new Dictionary<string, string>(StringComparer.Ordinal);
            // What is remembered of authors and images may be older than the heads taken next.
            source.ForgetAll();
            foreach (var (feed, _) in Feeds.Content)
            {
                if (await source.HeadAsync(feed, ct) is { } head)
                {
                    heads[feed] = head;
                }
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var token = "";
            writer.Rebuilding = true;
            try
            {
            do
            {
                var (articles, next) = await source.ListAsync(token, ct);
                foreach (var article in articles)
                {
                    Put(writer, article, await DocumentAsync(article, ct));
                    seen.Add(article.Name);
                }
                await progress(seen.Count);
                token = next;
            }
            while (token.Length > 0);
            foreach (var gone in writer.Names().Where(name => !seen.Contains(name)))
            {
                writer.Delete(gone);
            }
            foreach (var (feed, head) in heads)
            {
                writer.SetPosition(feed, head);
            }
            writer.Publish();
            }
            finally
            {
                // A rebuild that failed leaves what it indexed afresh, each article as it now is, and removes nothing.
                writer.Rebuilding = false;
            }
            LogRebuilt(seen.Count);
            return new Rebuilt(heads, seen.Count);
        }, ct);

    /// <summary>
    /// Indexes the article as it is at <paramref name="revision"/> or later. The article service answers from its cache,
    /// which a read racing the write can have filled with the version before it for a moment: an older answer is asked
    /// again, and after a while the change is failed, to be retried from the feed.
    /// </summary>
    private async Task IndexAsync(SearchIndex.Writer writer, string name, long revision, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var article = await source.GetAsync(name, ct);
            if (article is null)
            {
                writer.Delete(name);
                return;
            }
            if (article.Revision >= revision)
            {
                Put(writer, article, await DocumentAsync(article, ct));
                return;
            }
            if (attempt == StaleAttempts)
            {
                throw new RpcException(new Status(StatusCode.Unavailable,
                    $"The article service still answers revision {article.Revision} of {name}; the change is of revision {revision}."));
            }
            await Task.Delay(StaleDelay * attempt, ct);
        }
    }

    private const int StaleAttempts = 8;
    private static readonly TimeSpan StaleDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Indexes one article; one that cannot be analysed is left out (and logged) rather than retried, since it would
    /// fail the same way every time and hold up every change after it. A service that cannot be reached is retried.
    /// </summary>
    private void Put(SearchIndex.Writer writer, Article article, Document document)
    {
        try
        {
            writer.Put(article.Name, document);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            LogLeftOut(e, article.Name, article.LanguageCode);
            writer.Delete(article.Name);
        }
    }

    private async Task IndexAgainAsync(SearchIndex.Writer writer, string field, string resource, CancellationToken ct)
    {
        foreach (var stored in writer.StoredArticles(field, resource))
        {
            var article = Article.Parser.ParseFrom(stored);
            Put(writer, article, await DocumentAsync(article, ct));
        }
    }

    private async Task<Document> DocumentAsync(Article article, CancellationToken ct) =>
        ArticleDocument.Create(article, await source.AuthorNamesAsync(article, ct), await source.LeadShownAsync(article, ct));

    /// <summary><c>articles/{id}</c> of a change's resource, which may name a part of the article.</summary>
    private static string ArticleName(string resource)
    {
        var parts = resource.Split('/');
        return parts.Length >= 2 ? parts[0] + "/" + parts[1] : resource;
    }

    [LoggerMessage(LogLevel.Information, "Building the search index in {Path} from the article service's list")]
    private partial void LogRebuilding(string path);

    [LoggerMessage(LogLevel.Error, "{Article} ({Language}) could not be indexed and is left out of search")]
    private partial void LogLeftOut(Exception exception, string article, string language);

    [LoggerMessage(LogLevel.Information, "The search index holds {Count} articles, rebuilt")]
    private partial void LogRebuilt(int count);
}
