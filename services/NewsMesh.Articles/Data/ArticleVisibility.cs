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
        var partner = viewer.EmbargoedAt is not null;
        var now = viewer.EmbargoedAt is { } at ? Versions.Micros(at) : 0;
        return rows.Where(a => a.State == published || a.State == retracted
            || (a.State == draft && drafts != "" && a.Creator == drafts)
            || (partner && a.State == scheduled && a.EmbargoTime > now));
    }
}
