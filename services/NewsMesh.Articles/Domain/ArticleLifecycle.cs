using Google.Protobuf.WellKnownTypes;
using NewsMesh.Aip.Fields;
using NewsMesh.Contracts.Article.V1;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Domain;

/// <summary>What a lifecycle request does to an article.</summary>
public abstract record Transition
{
    /// <summary>The article is already where the request would take it: nothing changes.</summary>
    public sealed record None : Transition;

    /// <summary>Move to <paramref name="State"/>; a publication time comes with PUBLISHED and SCHEDULED.</summary>
    public sealed record Move(State State, DateTimeOffset? PublishTime = null) : Transition;

    /// <summary>Not allowed from here; <paramref name="Reason"/> says why, for the editor.</summary>
    public sealed record Refused(string Reason) : Transition;
}

/// <summary>
/// The article state machine. DRAFT → SCHEDULED → PUBLISHED ⇄ UNPUBLISHED; RETRACTED is final. A request that
/// is already satisfied changes nothing, so that retries are harmless.
/// </summary>
public static class ArticleLifecycle
{
    public static Transition Publish(Article article, DateTimeOffset now, DateTimeOffset? requested)
    {
        var state = article.State;
        if (state == State.Retracted)
        {
            return new Transition.Refused("A retracted article cannot be published again.");
        }

        var at = requested ?? now;
        var embargo = article.EmbargoTime?.ToDateTimeOffset();
        if (embargo > at)
        {
            return new Transition.Refused($"The article is under embargo until {embargo:O}.");
        }

        if (at > now)
        {
            if (state == State.Published)
            {
                return new Transition.Refused("The article is already published; unpublish it before scheduling it.");
            }
            return state == State.Scheduled && article.PublishTime?.ToDateTimeOffset() == at
                ? new Transition.None()
                : new Transition.Move(State.Scheduled, at);
        }

        return state == State.Published ? new Transition.None() : new Transition.Move(State.Published, at);
    }

    public static Transition Unpublish(Article article) => article.State switch
    {
        State.Published => new Transition.Move(State.Unpublished),
        State.Scheduled => new Transition.Move(State.Draft),
        State.Unpublished => new Transition.None(),
        State.Draft => new Transition.Refused("A draft has not been published."),
        _ => new Transition.Refused("A retracted article stays retracted."),
    };

    /// <summary>Only what readers have seen can be retracted; a retraction is final, and repeating it changes nothing.</summary>
    public static Transition Retract(Article article) => article.State switch
    {
        State.Published or State.Unpublished => new Transition.Move(State.Retracted),
        State.Retracted => new Transition.None(),
        _ => new Transition.Refused("Only an article that has been published can be retracted; delete a draft instead."),
    };

    /// <summary>
    /// Whether shared caches may keep the article and show it to anyone: only while published. A retracted story
    /// stays readable, but its notice must reach every reader at once, and anything else is not for the public.
    /// </summary>
    public static bool MayBeSharedByCaches(Article article) => article.State == State.Published;

    public static bool MayBeSharedByCaches(IVisibleArticle article) => article.State == (int)State.Published;

    /// <summary>
    /// How long a public cache may keep something that changes at <paramref name="due"/>: until then; once it is past,
    /// for one second, about a scheduler pass (so that an article the scheduler cannot publish does not turn off
    /// every cache).
    /// </summary>
    public static TimeSpan KeepUntil(DateTimeOffset due, DateTimeOffset now) => due > now ? due - now : TimeSpan.FromSeconds(1);

    /// <summary>
    /// What a rollback takes from the earlier revision: everything an update may change but the embargo, which is
    /// the schedule's, not the content's. State, publication times and corrections are never an update's.
    /// </summary>
    public static readonly IReadOnlyList<string> RolledBackFields =
        UpdateMasks.Of(Article.Descriptor).Mutable.Where(field => field != "embargo_time").ToList();

    /// <summary>
    /// A translation's standing against its source is the service's: while a change names the same source revision,
    /// it keeps what the service measured, whatever the request carried.
    /// </summary>
    public static void KeepTranslationStanding(Article current, Article next)
    {
        if (next.TranslationSource is { } source && current.TranslationSource is { } before
            && source.Article == before.Article && source.Revision == before.Revision)
        {
            next.TranslationSource = before.Clone();
        }
    }

    /// <summary>Why the content cannot be edited now, or null when it can: a retraction is final.</summary>
    public static string? CannotEdit(Article article) =>
        article.State == State.Retracted ? "A retracted article is kept as it was withdrawn." : null;

    /// <summary>Why a correction cannot be added now, or null when it can.</summary>
    public static string? CannotCorrect(Article article) => article.State switch
    {
        State.Published or State.Unpublished => null,
        State.Retracted => "A retracted article takes no further corrections.",
        _ => "Only an article that has been published can be corrected; edit the draft instead.",
    };

    /// <summary>
    /// The scheduler's step: a scheduled article whose time has come is published, unless an embargo set after it
    /// was scheduled still holds; then the schedule moves to the end of the embargo.
    /// </summary>
    public static Transition PublishWhenDue(Article article, DateTimeOffset now)
    {
        if (article.State != State.Scheduled || article.PublishTime?.ToDateTimeOffset() is not { } due || due > now)
        {
            return new Transition.None();
        }
        return article.EmbargoTime?.ToDateTimeOffset() is { } embargo && embargo > now
            ? new Transition.Move(State.Scheduled, embargo)
            : new Transition.Move(State.Published, due);
    }

    /// <summary>A copy of <paramref name="article"/> in the transition's state, with the publication times it implies.</summary>
    public static Article Apply(Article article, Transition.Move to)
    {
        var next = article.Clone();
        next.State = to.State;
        switch (to.State)
        {
            case State.Published:
                next.PublishTime = Timestamp.FromDateTimeOffset(to.PublishTime!.Value);
                next.FirstPublishTime ??= next.PublishTime;
                break;
            case State.Scheduled:
                next.PublishTime = Timestamp.FromDateTimeOffset(to.PublishTime!.Value);
                break;
            case State.Draft:
                next.PublishTime = null;
                break;
        }
        return next;
    }
}
