using Google.Protobuf.WellKnownTypes;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.ServiceDefaults.Identity;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Domain;

/// <summary>The facts of a stored article (or of one of its versions) that decide who may see it.</summary>
public interface IVisibleArticle
{
    int State { get; }

    /// <summary>Microseconds since the Unix epoch; null without an embargo.</summary>
    long? EmbargoTime { get; }

    string Creator { get; }
}

/// <summary>
/// Which articles a caller may see and change. Published and retracted articles (a retraction notice is meant to
/// be read) are everyone's; editors, admins and the mesh itself see every state; a partner also sees stories that
/// are scheduled under an embargo that has not ended (it syndicates them, and the embargo binds it); a reporter
/// also sees, and changes, the drafts it created. An article a caller may not see does not exist for it:
/// NOT_FOUND, never PERMISSION_DENIED, so a draft's existence does not leak.
/// </summary>
/// <param name="EmbargoedAt">For a partner, the time by which an embargo is judged; null for everyone else.</param>
public sealed record ArticleViewer(bool SeesEveryState, string OwnDraftsOf, DateTimeOffset? EmbargoedAt)
{
    public static ArticleViewer Of(Caller caller, DateTimeOffset now) =>
        new(caller.SeesEveryState, caller.Has(Access.Reporter) ? caller.Subject : "", caller.SeesEmbargoed ? now : null);

    public static bool IsPublic(State state) => state is State.Published or State.Retracted;

    public bool CanSee(Article article) =>
        SeesEveryState || IsPublic(article.State) || IsOwnDraft(article.State, article.Creator) || IsEmbargoedForPartner(article.State, article.EmbargoTime?.ToDateTimeOffset());

    /// <summary>The same rule on the facts alone, for an article whose message has not been parsed (<see cref="Caching.EncodedArticle"/>).</summary>
    public bool CanSee(IVisibleArticle article)
    {
        var state = (State)article.State;
        return SeesEveryState || IsPublic(state) || IsOwnDraft(state, article.Creator)
            || IsEmbargoedForPartner(state, article.EmbargoTime is { } embargo ? DateTimeOffset.UnixEpoch.AddTicks(embargo * 10) : null);
    }

    public bool CanEdit(Article article) => SeesEveryState || IsOwnDraft(article.State, article.Creator);

    private bool IsOwnDraft(State state, string creator) =>
        state == State.Draft && OwnDraftsOf.Length > 0 && creator == OwnDraftsOf;

    private bool IsEmbargoedForPartner(State state, DateTimeOffset? embargo) =>
        EmbargoedAt is { } now && state == State.Scheduled && embargo > now;
}
