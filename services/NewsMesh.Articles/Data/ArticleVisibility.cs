using NewsMesh.Articles.Domain;
using NewsMesh.Storage.Documents;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Data;

/// <summary><see cref="ArticleViewer"/>'s rule as a query, for the rows of articles and of their revisions alike.</summary>
public static class ArticleVisibility
{
    /// <summary>The rows of <paramref name="rows"/> this viewer may see, as a query: what it may not see never leaves the database.</summary>
    public static IQueryable<T> Filter<T>(this ArticleViewer viewer, IQueryable<T> rows) where T : class, IVisibleArticle
    {
        if (viewer.SeesEveryState)
        {
            return rows;
        }
        int published = (int)State.Published, retracted = (int)State.Retracted, draft = (int)State.Draft, scheduled = (int)State.Scheduled;
        var drafts = viewer.OwnDraftsOf;
        // One query shape per kind of viewer, so that an anonymous reader's query stays as plain as it can be.
        if (viewer.EmbargoedAt is { } at)
        {
            var now = Versions.Micros(at);
            return drafts.Length > 0
                ? rows.Where(a => a.State == published || a.State == retracted || (a.State == scheduled && a.EmbargoTime > now)
                    || (a.State == draft && a.Creator == drafts))
                : rows.Where(a => a.State == published || a.State == retracted || (a.State == scheduled && a.EmbargoTime > now));
        }
        return drafts.Length > 0
            ? rows.Where(a => a.State == published || a.State == retracted || (a.State == draft && a.Creator == drafts))
            : rows.Where(a => a.State == published || a.State == retracted);
    }
}
