using Google.Protobuf.WellKnownTypes;
using NewsMesh.Articles.Domain;
using NewsMesh.Contracts.Article.V1;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Tests.Domain;

public class ArticleLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static Article In(State state, DateTimeOffset? publishTime = null, DateTimeOffset? embargo = null) => new()
    {
        State = state,
        PublishTime = publishTime is null ? null : Timestamp.FromDateTimeOffset(publishTime.Value),
        EmbargoTime = embargo is null ? null : Timestamp.FromDateTimeOffset(embargo.Value),
    };

    [Theory]
    [InlineData(State.Draft)]
    [InlineData(State.Unpublished)]
    [InlineData(State.Scheduled)]
    public void Publish_Now_FromPublishableStates_Publishes(State from) =>
        Assert.Equal(new Transition.Move(State.Published, Now), ArticleLifecycle.Publish(In(from), Now, null));

    [Fact]
    public void Publish_AlreadyPublished_ChangesNothing() =>
        Assert.IsType<Transition.None>(ArticleLifecycle.Publish(In(State.Published), Now, null));

    [Fact]
    public void Publish_Retracted_Refused() =>
        Assert.IsType<Transition.Refused>(ArticleLifecycle.Publish(In(State.Retracted), Now, null));

    [Fact]
    public void Publish_FutureTime_Schedules() =>
        Assert.Equal(new Transition.Move(State.Scheduled, Now.AddHours(1)), ArticleLifecycle.Publish(In(State.Draft), Now, Now.AddHours(1)));

    [Fact]
    public void Publish_SameScheduleAgain_ChangesNothing() =>
        Assert.IsType<Transition.None>(ArticleLifecycle.Publish(In(State.Scheduled, Now.AddHours(1)), Now, Now.AddHours(1)));

    [Fact]
    public void Publish_FutureTimeWhilePublished_Refused() =>
        Assert.IsType<Transition.Refused>(ArticleLifecycle.Publish(In(State.Published), Now, Now.AddHours(1)));

    [Fact]
    public void Publish_PastTime_PublishesBackdated() =>
        Assert.Equal(new Transition.Move(State.Published, Now.AddDays(-3)), ArticleLifecycle.Publish(In(State.Draft), Now, Now.AddDays(-3)));

    [Fact]
    public void Publish_BeforeEmbargo_Refused_AfterEmbargo_Scheduled()
    {
        var embargoed = In(State.Draft, embargo: Now.AddHours(2));
        Assert.IsType<Transition.Refused>(ArticleLifecycle.Publish(embargoed, Now, null));
        Assert.IsType<Transition.Refused>(ArticleLifecycle.Publish(embargoed, Now, Now.AddHours(1)));
        Assert.Equal(new Transition.Move(State.Scheduled, Now.AddHours(2)), ArticleLifecycle.Publish(embargoed, Now, Now.AddHours(2)));
    }

    [Theory]
    [InlineData(State.Published, State.Unpublished)]
    [InlineData(State.Scheduled, State.Draft)]
    public void Unpublish_TakesDownOrCancels(State from, State to) =>
        Assert.Equal(new Transition.Move(to), ArticleLifecycle.Unpublish(In(from)));

    [Fact]
    public void Unpublish_Unpublished_ChangesNothing() =>
        Assert.IsType<Transition.None>(ArticleLifecycle.Unpublish(In(State.Unpublished)));

    [Theory]
    [InlineData(State.Draft)]
    [InlineData(State.Retracted)]
    public void Unpublish_NeverPublished_Refused(State from) =>
        Assert.IsType<Transition.Refused>(ArticleLifecycle.Unpublish(In(from)));

    [Fact]
    public void PublishWhenDue_OnlyScheduledAndDue()
    {
        Assert.Equal(new Transition.Move(State.Published, Now.AddSeconds(-1)),
            ArticleLifecycle.PublishWhenDue(In(State.Scheduled, Now.AddSeconds(-1)), Now));
        Assert.IsType<Transition.None>(ArticleLifecycle.PublishWhenDue(In(State.Scheduled, Now.AddSeconds(1)), Now));
        Assert.IsType<Transition.None>(ArticleLifecycle.PublishWhenDue(In(State.Draft, Now.AddSeconds(-1)), Now));
    }

    [Fact]
    public void PublishWhenDue_EmbargoSetAfterScheduling_MovesTheScheduleToTheEmbargo()
    {
        var scheduled = In(State.Scheduled, Now.AddSeconds(-1), embargo: Now.AddHours(2));
        Assert.Equal(new Transition.Move(State.Scheduled, Now.AddHours(2)), ArticleLifecycle.PublishWhenDue(scheduled, Now));
        Assert.Equal(new Transition.Move(State.Published, Now.AddHours(2)),
            ArticleLifecycle.PublishWhenDue(In(State.Scheduled, Now.AddHours(2), embargo: Now.AddHours(2)), Now.AddHours(2)));
    }

    [Theory]
    [InlineData(State.Retracted, true)]
    [InlineData(State.Published, false)]
    [InlineData(State.Draft, false)]
    public void CannotEdit_OnlyRetracted(State state, bool refused) =>
        Assert.Equal(refused, ArticleLifecycle.CannotEdit(In(state)) is not null);

    [Fact]
    public void Apply_Published_SetsFirstPublicationOnce()
    {
        var first = ArticleLifecycle.Apply(In(State.Draft), new Transition.Move(State.Published, Now));
        var unpublished = ArticleLifecycle.Apply(first, new Transition.Move(State.Unpublished));
        var again = ArticleLifecycle.Apply(unpublished, new Transition.Move(State.Published, Now.AddDays(1)));

        Assert.Equal(Timestamp.FromDateTimeOffset(Now), first.FirstPublishTime);
        Assert.Equal(Timestamp.FromDateTimeOffset(Now), again.FirstPublishTime);
        Assert.Equal(Timestamp.FromDateTimeOffset(Now.AddDays(1)), again.PublishTime);
    }

    [Theory]
    [InlineData(State.Published, true)]
    [InlineData(State.Unpublished, true)]
    [InlineData(State.Draft, false)]
    [InlineData(State.Scheduled, false)]
    public void Retract_OnlyWhatReadersHaveSeen(State from, bool allowed)
    {
        var transition = ArticleLifecycle.Retract(In(from));
        if (allowed)
        {
            Assert.Equal(new Transition.Move(State.Retracted), transition);
        }
        else
        {
            Assert.IsType<Transition.Refused>(transition);
        }
    }

    [Fact]
    public void Retract_Retracted_ChangesNothing() =>
        Assert.IsType<Transition.None>(ArticleLifecycle.Retract(In(State.Retracted)));

    [Theory]
    [InlineData(State.Published, false)]
    [InlineData(State.Unpublished, false)]
    [InlineData(State.Draft, true)]
    [InlineData(State.Scheduled, true)]
    [InlineData(State.Retracted, true)]
    public void CannotCorrect_OnlyPublishedOrUnpublishedTakeNotes(State state, bool refused) =>
        Assert.Equal(refused, ArticleLifecycle.CannotCorrect(In(state)) is not null);
}
