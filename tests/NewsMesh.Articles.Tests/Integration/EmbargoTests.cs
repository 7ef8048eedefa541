using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.ServiceDefaults.Http;
using NewsMesh.Testing;
using State = NewsMesh.Contracts.Article.V1.Article.Types.State;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>Embargoes on a fake clock: partners read the story before its time, nobody else does, and no public list outlives it.</summary>
public class EmbargoTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task EmbargoedStory_PartnersOnly_UntilItsTime_ThenEveryone(string provider)
    {
        await using var database = await TestDatabase.OfAsync(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ArticleServiceHost(database, clock: clock);
        host.StartServer();
        var editor = host.Client;
        var anonymous = new ArticleService.ArticleServiceClient(host.ChannelWith(null));
        var partner = new ArticleService.ArticleServiceClient(host.ChannelWith(TestIdentity.Shared.TokenFor("partner")));
        var section = SampleArticles.UniqueSection();
        var earlier = await editor.PublishArticleAsync(new PublishArticleRequest
        {
            Name = (await editor.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New(section) })).Name,
        });
        // A minute ahead: the server tells time by the same clock, and a jump past its keep-alive timeout would close the connection.
        var lifted = clock.GetUtcNow().AddMinutes(1);
        var draft = SampleArticles.New(section);
        draft.EmbargoTime = Timestamp.FromDateTimeOffset(lifted);
        var embargoed = await editor.PublishArticleAsync(new PublishArticleRequest
        {
            Name = (await editor.CreateArticleAsync(new CreateArticleRequest { Article = draft })).Name,
            PublishTime = Timestamp.FromDateTimeOffset(lifted),
        });
        Assert.Equal(State.Scheduled, embargoed.State);

        await RpcAssert.FailsWith(StatusCode.NotFound, () => anonymous.GetArticleAsync(new GetArticleRequest { Name = embargoed.Name }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => anonymous.LookupArticleAsync(new LookupArticleRequest { Slug = embargoed.Slug, LanguageCode = "en" }).ResponseAsync);
        using (var list = anonymous.ListArticlesAsync(new ListArticlesRequest { Section = section }))
        {
            Assert.Equal([earlier.Name], (await list.ResponseAsync).Articles.Select(a => a.Name));
            // The public list holds only until the embargoed story joins it.
            Assert.True(SharedCache.IsPublic(await list.ResponseHeadersAsync, out var seconds));
            Assert.InRange(seconds!.Value, 0, 60);
        }
        await RpcAssert.FailsWith(StatusCode.NotFound, () => anonymous.ListArticleRevisionsAsync(new ListArticleRevisionsRequest { Parent = embargoed.Name }).ResponseAsync);

        var seen = await partner.GetArticleAsync(new GetArticleRequest { Name = embargoed.Name });
        Assert.Equal((State.Scheduled, draft.EmbargoTime), (seen.State, seen.EmbargoTime));
        Assert.Equal(embargoed.Name, (await partner.LookupArticleAsync(new LookupArticleRequest { Slug = embargoed.Slug, LanguageCode = "en" })).Name);
        Assert.Equal([earlier.Name, embargoed.Name], (await partner.ListArticlesAsync(new ListArticlesRequest { Section = section })).Articles.Select(a => a.Name).Order(StringComparer.Ordinal).OrderBy(n => n != earlier.Name));
        using (var call = partner.GetArticleAsync(new GetArticleRequest { Name = embargoed.Name }))
        {
            Assert.False(SharedCache.IsPublic(await call.ResponseHeadersAsync, out _));
        }
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => partner.UpdateArticleAsync(new UpdateArticleRequest
        {
            Article = new Article { Name = embargoed.Name, Headline = "A partner's headline" },
        }).ResponseAsync);

        clock.Advance(TimeSpan.FromMinutes(1));
        await RpcAssert.Eventually(async () =>
        {
            // One scheduler interval per look, so that its timer comes round.
            clock.Advance(TimeSpan.FromMilliseconds(200));
            try
            {
                return (await anonymous.GetArticleAsync(new GetArticleRequest { Name = embargoed.Name })).State == State.Published;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "the embargoed story to be published");
        Assert.Equal(2, (await anonymous.ListArticlesAsync(new ListArticlesRequest { Section = section })).Articles.Count);
    }

    [Fact]
    public void Partner_IsAKnownRole_WithNoWriteRight()
    {
        var caller = new ServiceDefaults.Identity.Caller("syndication-desk", new HashSet<string> { "partner" });

        Assert.Equal("partner", caller.Role);
        Assert.True(caller.SeesEmbargoed);
        Assert.False(caller.Has(ServiceDefaults.Identity.Access.Reporter));
        Assert.False(caller.SeesEveryState);
    }
}
