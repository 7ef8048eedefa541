using NewsMesh.Contracts.Article.V1;
using NewsMesh.ServiceDefaults.Identity;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Domain;

/// <summary>
/// Which articles a caller may see and change. Published and retracted articles (a retraction notice is meant to
/// be read) are everyone's; editors, admins and the mesh itself see every state; a reporter also sees, and
/// changes, the drafts it created, and nothing else that is not public. An article a caller may not see does
/// not exist for it: NOT_FOUND, never PERMISSION_DENIED, so a draft's existence does not leak.
/// </summary>
public sealed record ArticleViewer(bool SeesEveryState, string OwnDraftsOf)
{
    public static ArticleViewer Of(Caller caller) =>
        new(caller.SeesEveryState, caller.Has(Access.Reporter) ? caller.Subject : "");

    public static bool IsPublic(State state) => state is State.Published or State.Retracted;

    public bool CanSee(Article article) => SeesEveryState || IsPublic(article.State) || IsOwnDraft(article);

    public bool CanEdit(Article article) => SeesEveryState || IsOwnDraft(article);

    private bool IsOwnDraft(Article article) =>
        article.State == State.Draft && OwnDraftsOf.Length > 0 && article.Creator == OwnDraftsOf;
}
