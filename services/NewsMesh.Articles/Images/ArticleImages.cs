using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;
using NewsMesh.Aip;
using NewsMesh.Articles.Dependencies;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.ServiceDefaults.Errors;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Articles.Images;

/// <summary>
/// Checks the images an article shows (its lead media and media blocks) against the media service before it
/// is written. An image that does not exist is INVALID_ARGUMENT naming each field that uses it; a media service
/// that cannot answer in time is UNAVAILABLE, and nothing is written.
/// </summary>
public sealed class ArticleImages(GrpcClientFactory clients, IOptions<ArticlesOptions> options, TimeProvider clock)
{
    private const string Unavailable = "MEDIA_UNAVAILABLE";
    private const int BatchMax = 100;
    private readonly ArticlesOptions _options = options.Value;

    /// <summary>Whether a media service is configured; without one, media names are checked for shape only.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(_options.MediaAddress);

    /// <summary>
    /// Checks the images <paramref name="next"/> shows that <paramref name="current"/> did not: those already on the
    /// article were checked when they were added, and may since have been deleted (its page then leaves them out).
    /// </summary>
    public async Task CheckAsync(Article next, Article? current, ServerCallContext context)
    {
        if (!Enabled)
        {
            return;
        }
        var known = current is null ? [] : References(current).Select(r => r.Media).ToHashSet(StringComparer.Ordinal);
        var added = References(next).Where(r => !known.Contains(r.Media)).ToList();
        var client = added.Count == 0 ? null : clients.CreateClient<MediaService.MediaServiceClient>(nameof(MediaService.MediaServiceClient));
        foreach (var batch in added.Select(r => r.Media).Distinct(StringComparer.Ordinal).Chunk(BatchMax))
        {
            var (response, missing) = await DependencyCall.RunAsync(
                (deadline, ct) => client!.BatchGetMediaAsync(new BatchGetMediaRequest { Names = { batch } }, deadline: deadline, cancellationToken: ct).ResponseAsync,
                context, _options.MediaTimeout, clock, "The media service could not check the article's images", Unavailable);
            if (response is null)
            {
                var unknown = added.Where(r => r.Media == missing).Select(r => new FieldViolation(r.Field, $"{missing} does not exist")).ToList();
                if (unknown.Count == 0)
                {
                    RpcErrors.ThrowUnavailable("The media service gave an answer that names none of the article's images; nothing was written.", Unavailable);
                }
                RpcErrors.ThrowInvalidArgument(unknown);
            }
        }
    }

    /// <summary>
    /// The images <paramref name="article"/> shows that may be shown now, by resource name: deleted ones and those whose
    /// licence has ended are left out. Empty when no media service is configured; UNAVAILABLE when it cannot answer in time.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, MediaResource>> ReadAsync(Article article, ServerCallContext context)
    {
        var wanted = References(article).Select(r => r.Media).Distinct(StringComparer.Ordinal).ToList();
        var shown = new Dictionary<string, MediaResource>(StringComparer.Ordinal);
        if (!Enabled || wanted.Count == 0)
        {
            return shown;
        }
        var client = clients.CreateClient<MediaService.MediaServiceClient>(nameof(MediaService.MediaServiceClient));
        foreach (var batch in wanted.Chunk(BatchMax))
        {
            var names = batch.ToList();
            // A batch get fails whole on the first missing name: ask again without it, at most once per name.
            while (names.Count > 0)
            {
                var (response, missing) = await DependencyCall.RunAsync(
                    (deadline, ct) => client.BatchGetMediaAsync(new BatchGetMediaRequest { Names = { names } }, deadline: deadline, cancellationToken: ct).ResponseAsync,
                    context, _options.MediaTimeout, clock, "The media service could not describe the article's images", Unavailable);
                if (response is not null)
                {
                    foreach (var media in response.Media.Where(m => !m.Withdrawn))
                    {
                        shown[media.Name] = media;
                    }
                    break;
                }
                if (!names.Remove(missing ?? ""))
                {
                    RpcErrors.ThrowUnavailable("The media service gave an answer that names none of the article's images.", Unavailable);
                }
            }
        }
        return shown;
    }

    /// <summary>Every image the article shows, with the request field that names it.</summary>
    private static IEnumerable<(string Field, string Media)> References(Article article)
    {
        if (article.LeadMedia is { Media.Length: > 0 } lead)
        {
            yield return ("article.lead_media.media", lead.Media);
        }
        for (var i = 0; i < article.Body.Count; i++)
        {
            if (article.Body[i].KindCase == Block.KindOneofCase.Media && article.Body[i].Media.Media.Length > 0)
            {
                yield return ($"article.body[{i}].media.media", article.Body[i].Media.Media);
            }
        }
    }
}
