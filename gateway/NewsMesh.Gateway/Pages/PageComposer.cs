using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Text;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults.Http;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Gateway.Pages;

/// <summary>
/// Builds an article page: the article first (no page without it), then its authors, images and other
/// language versions at once. Every call carries what is left of the page's deadline; a part whose service
/// does not answer is left out and named in <c>missing_parts</c>, so a reader still gets the story. The services
/// judge the reader, not the gateway: every call carries the reader's own token, or none.
/// </summary>
public sealed partial class PageComposer(ServiceChannels channels, IOptions<GatewayOptions> options, TimeProvider clock, ILogger<PageComposer> logger)
{
    public const string Articles = "articles";
    public const string Authors = "authors";
    public const string Media = "media";
    public const string Translations = "translations";

    /// <summary>The page as the reader whose <c>Authorization</c> header is <paramref name="authorization"/> (null: anonymous) may see it.</summary>
    public async Task<ComposedPage> ComposeAsync(GetArticlePageRequest request, string? authorization, DateTime callerDeadline, CancellationToken ct)
    {
        var call = Call(authorization, callerDeadline, ct);
        var language = TextRules.CanonicalLanguageTag(request.Lang);
        var (article, shared, maxAge) = await LookupAsync(request.Slug, language, call);
        return await AroundAsync(article, shared, maxAge, request.AspectRatio, call);
    }

    /// <summary>
    /// The page of the article named <paramref name="name"/> as the caller whose <c>Authorization</c> header is
    /// <paramref name="authorization"/> sees it, never to be shared: a preview's. NOT_FOUND when it cannot see it.
    /// </summary>
    public async Task<ArticlePage> ComposeByNameAsync(string name, string authorization, DateTime callerDeadline, CancellationToken ct)
    {
        var call = Call(authorization, callerDeadline, ct);
        var article = await ArticleAsync(name, call);
        return (await AroundAsync(article, false, null, "", call)).Page;
    }

    /// <summary>The article named <paramref name="name"/> as the caller of <paramref name="call"/> sees it.</summary>
    public async Task<Article> ArticleAsync(string name, CallOptions call)
    {
        var channel = channels.For(Articles);
        try
        {
            if (channel is not null)
            {
                return await new ArticleService.ArticleServiceClient(channel).GetArticleAsync(new GetArticleRequest { Name = name }, call);
            }
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument
            or StatusCode.Unauthenticated or StatusCode.PermissionDenied && e.GetRpcStatus() is { } status)
        {
            throw status.ToRpcException();
        }
        catch (RpcException e) when (!call.CancellationToken.IsCancellationRequested)
        {
            LogPartMissing(e, Articles, e.StatusCode);
        }
        RpcErrors.ThrowUnavailable("The article service did not answer, so the page cannot be made; retry shortly.", "ARTICLES_UNAVAILABLE");
        return default!;
    }

    /// <summary>Options of a page's calls: the caller's token (null: none) and what is left of the page's time.</summary>
    public CallOptions Call(string? authorization, DateTime callerDeadline, CancellationToken ct)
    {
        var own = clock.GetUtcNow().UtcDateTime + options.Value.PageTimeout;
        var deadline = callerDeadline < own ? callerDeadline : own;
        return new CallOptions(authorization is null ? null : new Metadata { { "authorization", authorization } }, deadline, ct);
    }

    private async Task<ComposedPage> AroundAsync(Article article, bool shared, TimeSpan? maxAge, string aspectRatio, CallOptions call)
    {
        var authors = AuthorsAsync(article, call);
        var media = MediaAsync(article, call);
        var translations = TranslationsAsync(article, call);
        await Task.WhenAll(authors, media, translations);

        var page = new ArticlePage { Article = article, Attribution = article.Attribution };
        var found = await authors;
        page.Bylines.AddRange(article.Bylines.Select(b => PageParts.Byline(b, found?.GetValueOrDefault(b.Author), article.LanguageCode)));
        var images = await media;
        maxAge = ComposedPage.Earliest(maxAge, images?.MaxAge);
        bool Shown(string name)
        {
            if (images?.Media.GetValueOrDefault(name) is not { Withdrawn: true })
            {
                return true;
            }
            if (!page.WithdrawnMedia.Contains(name))
            {
                page.WithdrawnMedia.Add(name);
            }
            return false;
        }
        if (article.LeadMedia is { Media.Length: > 0 } lead && Shown(lead.Media))
        {
            var aspect = aspectRatio.Length > 0 ? aspectRatio : lead.AspectRatio.Length > 0 ? lead.AspectRatio : AspectRatios.Default;
            page.LeadImage = PageParts.Image(lead.Media, -1, images?.Media.GetValueOrDefault(lead.Media), aspect, "");
        }
        for (var i = 0; i < article.Body.Count; i++)
        {
            if (article.Body[i].KindCase == Block.KindOneofCase.Media && article.Body[i].Media is { Media.Length: > 0 } block && Shown(block.Media))
            {
                var aspect = aspectRatio.Length > 0 ? aspectRatio : AspectRatios.Default;
                page.BodyImages.Add(PageParts.Image(block.Media, i, images?.Media.GetValueOrDefault(block.Media), aspect, block.Caption));
            }
        }
        if (await translations is { } versions)
        {
            page.Translations.AddRange(versions.Versions);
            maxAge = ComposedPage.Earliest(maxAge, versions.MaxAge);
        }

        if (found is null)
        {
            page.MissingParts.Add(Authors);
        }
        if (images is null)
        {
            page.MissingParts.Add(Media);
        }
        if (await translations is null)
        {
            page.MissingParts.Add(Translations);
        }
        return new ComposedPage(page, shared, maxAge);
    }

    /// <summary>The page's article, and whether (and for how long at most) the article service said it may be shared by caches.</summary>
    private async Task<(Article Article, bool Shared, TimeSpan? MaxAge)> LookupAsync(string slug, string language, CallOptions call)
    {
        var channel = channels.For(Articles);
        try
        {
            if (channel is not null)
            {
                using var lookup = new ArticleService.ArticleServiceClient(channel).LookupArticleAsync(
                    new LookupArticleRequest { Slug = slug, LanguageCode = language }, call);
                var article = await lookup.ResponseAsync;
                var shared = SharedCache.IsPublic(await lookup.ResponseHeadersAsync, out var seconds);
                return (article, shared, seconds is { } s ? TimeSpan.FromSeconds(s) : null);
            }
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument
            or StatusCode.Unauthenticated or StatusCode.PermissionDenied && e.GetRpcStatus() is { } status)
        {
            // The reader's mistake (or its token's), in the article service's words.
            throw status.ToRpcException();
        }
        catch (RpcException e) when (!call.CancellationToken.IsCancellationRequested)
        {
            LogPartMissing(e, Articles, e.StatusCode);
        }
        RpcErrors.ThrowUnavailable("The article service did not answer, so the page cannot be made; retry shortly.", "ARTICLES_UNAVAILABLE");
        return default;
    }

    /// <summary>The bylines' authors by name; null when the author service did not answer.</summary>
    private async Task<IReadOnlyDictionary<string, Author>?> AuthorsAsync(Article article, CallOptions call)
    {
        var names = article.Bylines.Select(b => b.Author).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return new Dictionary<string, Author>();
        }
        return await PartAsync(Authors, async channel =>
        {
            var response = await new AuthorService.AuthorServiceClient(channel).BatchGetAuthorsAsync(
                new BatchGetAuthorsRequest { Names = { names } }, call);
            return (IReadOnlyDictionary<string, Author>)response.Authors.DistinctBy(a => a.Name).ToDictionary(a => a.Name, StringComparer.Ordinal);
        }, call.CancellationToken);
    }

    /// <summary>
    /// The article's images by name, and until when they hold (the first licence among them to end); null when the
    /// media service did not answer. Media deleted since the article named it is simply absent: the batch is asked
    /// again without it.
    /// </summary>
    private async Task<Images?> MediaAsync(Article article, CallOptions call)
    {
        var names = article.Body.Where(b => b.KindCase == Block.KindOneofCase.Media).Select(b => b.Media.Media)
            .Prepend(article.LeadMedia?.Media ?? "")
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            return new Images(new Dictionary<string, MediaResource>(), null);
        }
        return await PartAsync(Media, async channel =>
        {
            var client = new MediaService.MediaServiceClient(channel);
            while (names.Count > 0)
            {
                try
                {
                    using var batch = client.BatchGetMediaAsync(new BatchGetMediaRequest { Names = { names } }, call);
                    var response = await batch.ResponseAsync;
                    // Whether the page may be shared is its article's to say; the images say only until when they hold.
                    _ = SharedCache.IsPublic(await batch.ResponseHeadersAsync, out var seconds);
                    return new Images(response.Media.DistinctBy(m => m.Name).ToDictionary(m => m.Name, StringComparer.Ordinal),
                        seconds is { } s ? TimeSpan.FromSeconds(s) : null);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound
                    && e.GetRpcStatus()?.GetDetail<ResourceInfo>()?.ResourceName is { } gone && names.Remove(gone))
                {
                    // Asked again without it.
                }
            }
            return new Images(new Dictionary<string, MediaResource>(), null);
        }, call.CancellationToken);
    }

    private sealed record Images(IReadOnlyDictionary<string, MediaResource> Media, TimeSpan? MaxAge);

    /// <summary>
    /// The story's other published language versions, each saying whether it is behind the article shown (a
    /// translation of it that its text has moved on from), and how long the list holds (until the next version is
    /// due); null when the article service did not answer.
    /// </summary>
    private async Task<LanguageVersions?> TranslationsAsync(Article article, CallOptions call)
    {
        if (article.TranslationGroup.Length == 0)
        {
            return new LanguageVersions([], null);
        }
        return await PartAsync(Articles, async channel =>
        {
            using var list = new ArticleService.ArticleServiceClient(channel).ListArticlesAsync(new ListArticlesRequest
            {
                TranslationGroup = article.TranslationGroup,
                State = Article.Types.State.Published,
                PageSize = 100,
            }, call);
            var response = await list.ResponseAsync;
            _ = SharedCache.IsPublic(await list.ResponseHeadersAsync, out var seconds);
            var versions = response.Articles
                .Where(a => a.Name != article.Name)
                .OrderBy(a => a.LanguageCode, StringComparer.Ordinal)
                .Select(a => new LanguageVersion
                {
                    LanguageCode = a.LanguageCode,
                    Slug = a.Slug,
                    Headline = a.Headline,
                    PagePath = PageParts.PagePath(a.Slug, a.LanguageCode),
                    Behind = a.TranslationSource is { Stale: true } source && source.Article == article.Name,
                })
                .ToList();
            return new LanguageVersions(versions, seconds is { } s ? TimeSpan.FromSeconds(s) : null);
        }, call.CancellationToken);
    }

    private sealed record LanguageVersions(IReadOnlyList<LanguageVersion> Versions, TimeSpan? MaxAge);

    /// <summary>Runs one part's calls; null, and a log line, when its service cannot answer.</summary>
    private async Task<T?> PartAsync<T>(string cluster, Func<Grpc.Net.Client.GrpcChannel, Task<T>> call, CancellationToken ct) where T : class
    {
        if (channels.For(cluster) is not { } channel)
        {
            LogNoDestination(cluster);
            return null;
        }
        try
        {
            return await call(channel);
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            LogPartMissing(e, cluster, e.StatusCode);
            return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Page part from {Cluster} left out: {Status}")]
    private partial void LogPartMissing(Exception exception, string cluster, StatusCode status);

    [LoggerMessage(LogLevel.Warning, "Page part from {Cluster} left out: no available destination")]
    private partial void LogNoDestination(string cluster);
}
