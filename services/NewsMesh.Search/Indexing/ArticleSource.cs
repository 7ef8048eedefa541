using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Search.Indexing;

/// <summary>
/// What the index is made from, read on this process's own account (role <c>service</c>, which sees every state):
/// the article service's articles and feed, the author service's display names and the media service's word on
/// whether a lead image may be shown. Names and images are remembered until their own feed says they changed.
/// </summary>
public sealed class ArticleSource : IDisposable
{
    private const int PageSize = 100;
    private readonly SearchOptions _options;
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> _authorNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _mediaShown = new(StringComparer.Ordinal);
    private readonly ServiceToken _token;

    public ArticleSource(IOptions<SearchOptions> options, ServiceToken token)
    {
        _options = options.Value;
        _token = token;
    }

    /// <summary>A caller of the service that keeps <paramref name="feed"/>; null when it has no address.</summary>
    public CallInvoker? InvokerFor(string feed) => ChannelFor(feed)?.CreateCallInvoker();

    /// <summary>The article as the article service holds it now; null when it does not exist (or was deleted).</summary>
    public async Task<Article?> GetAsync(string name, CancellationToken ct)
    {
        try
        {
            var article = await Articles().GetArticleAsync(new GetArticleRequest { Name = name }, await OptionsAsync(ct));
            return article.DeleteTime is null ? article : null;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>One page of every article, newest first, and the token of the next (empty on the last).</summary>
    public async Task<(IReadOnlyList<Article> Articles, string Next)> ListAsync(string pageToken, CancellationToken ct)
    {
        var page = await Articles().ListArticlesAsync(new ListArticlesRequest { PageSize = PageSize, PageToken = pageToken }, await OptionsAsync(ct));
        return (page.Articles, page.NextPageToken);
    }

    /// <summary>Where <paramref name="feed"/> is now: a watch from now, closed as soon as it says where it starts.</summary>
    public async Task<string?> HeadAsync(string feed, CancellationToken ct)
    {
        if (InvokerFor(feed) is not { } invoker)
        {
            return null;
        }
        var service = Feeds.Content.Single(f => f.Name == feed).Service;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var watch = invoker.AsyncServerStreamingCall(Feeds.Watch(service), null,
            await OptionsAsync(cancel.Token), new Contracts.Feed.V1.WatchChangesRequest());
        var start = (await watch.ResponseHeadersAsync).GetValue(FeedHeaders.Start);
        if (start is null)
        {
            // Refused: the status follows, as an exception.
            await watch.ResponseStream.MoveNext(ct);
            throw new RpcException(new Status(StatusCode.Unavailable, $"The {feed} feed did not say where it starts."));
        }
        await cancel.CancelAsync();
        return start;
    }

    /// <summary>The display names of the article's byline, those that exist; none without an author service.</summary>
    public async Task<IReadOnlyList<string>> AuthorNamesAsync(Article article, CancellationToken ct)
    {
        var wanted = article.Bylines.Select(b => b.Author).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (ChannelFor("authors") is not { } channel || wanted.Count == 0)
        {
            return [];
        }
        var unknown = wanted.Where(a => !_authorNames.ContainsKey(a)).ToList();
        if (unknown.Count > 0)
        {
            var client = new AuthorService.AuthorServiceClient(channel);
            try
            {
                var found = await client.BatchGetAuthorsAsync(new BatchGetAuthorsRequest { Names = { unknown } }, await OptionsAsync(ct));
                foreach (var author in found.Authors)
                {
                    _authorNames[author.Name] = author.DisplayName;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
            {
                // A batch fails whole on one missing name: ask one by one.
                foreach (var name in unknown)
                {
                    try
                    {
                        _authorNames[name] = (await client.GetAuthorAsync(new GetAuthorRequest { Name = name }, await OptionsAsync(ct))).DisplayName;
                    }
                    catch (RpcException one) when (one.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
                    {
                        _authorNames[name] = null;
                    }
                }
            }
        }
        return wanted.Select(a => _authorNames.GetValueOrDefault(a)).OfType<string>().ToList();
    }

    /// <summary>Whether the lead image may be shown: it exists and its licence holds. Without a media service, as the article names it.</summary>
    public async Task<bool> LeadShownAsync(Article article, CancellationToken ct)
    {
        if (article.LeadMedia is not { Media.Length: > 0 } lead)
        {
            return false;
        }
        if (ChannelFor("media") is not { } channel)
        {
            return true;
        }
        if (_mediaShown.TryGetValue(lead.Media, out var known))
        {
            return known;
        }
        bool shown;
        try
        {
            var media = await new MediaService.MediaServiceClient(channel).GetMediaAsync(new GetMediaRequest { Name = lead.Media }, await OptionsAsync(ct));
            shown = !media.Withdrawn;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            shown = false;
        }
        _mediaShown[lead.Media] = shown;
        return shown;
    }

    /// <summary>The author or image changed: what is known of it is asked for again.</summary>
    public void Forget(string resource)
    {
        _authorNames.TryRemove(resource, out _);
        _mediaShown.TryRemove(resource, out _);
    }

    /// <summary>Everything remembered is asked for again: a rebuild starts from what the services hold now.</summary>
    public void ForgetAll()
    {
        _authorNames.Clear();
        _mediaShown.Clear();
    }

    private ArticleService.ArticleServiceClient Articles() => new(ChannelFor("articles")!);

    private GrpcChannel? ChannelFor(string feed)
    {
        var address = feed switch
        {
            "articles" => _options.ArticlesAddress,
            "authors" => _options.AuthorsAddress,
            "media" => _options.MediaAddress,
            _ => null,
        };
        return string.IsNullOrWhiteSpace(address) ? null : _channels.GetOrAdd(feed, _ => GrpcChannel.ForAddress(address));
    }

    /// <summary>A call's options, with this process's token (sent as a header, as the feed reader sends it too).</summary>
    private async Task<CallOptions> OptionsAsync(CancellationToken ct)
    {
        var headers = new Metadata();
        if (await _token.GetAsync(ct) is { } bearer)
        {
            headers.Add("authorization", "Bearer " + bearer);
        }
        return new CallOptions(headers, DateTime.UtcNow + _options.CallTimeout, ct);
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}
