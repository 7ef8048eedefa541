using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;
using NewsMesh.Aip;
using NewsMesh.Articles.Dependencies;
using NewsMesh.Articles.Domain;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.ServiceDefaults.Errors;

namespace NewsMesh.Articles.Bylines;

/// <summary>
/// Checks bylines against the author service before an article is written, and derives the attribution line
/// from the resolved names. A byline naming an unknown author, or newly naming an archived one, is
/// INVALID_ARGUMENT; an author service that cannot answer in time is UNAVAILABLE, and nothing is written.
/// </summary>
public sealed class BylineAuthors(GrpcClientFactory clients, IOptions<ArticlesOptions> options, TimeProvider clock)
{
    private const string Unavailable = "AUTHORS_UNAVAILABLE";
    private readonly ArticlesOptions _options = options.Value;

    /// <summary>Whether an author service is configured; without one, bylines are checked for shape only.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(_options.AuthorsAddress);

    /// <summary>
    /// The authors <paramref name="next"/> names, by resource name; null when no author service is configured.
    /// Authors already on <paramref name="current"/> may be archived (old bylines still resolve); new ones may not.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Author>?> CheckAsync(Article next, Article? current, ServerCallContext context)
    {
        if (!Enabled)
        {
            return null;
        }
        var names = next.Bylines.Select(b => b.Author).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return new Dictionary<string, Author>();
        }

        // Made here, not injected: the service that holds this class is built for every call, reads included.
        var client = clients.CreateClient<AuthorService.AuthorServiceClient>(nameof(AuthorService.AuthorServiceClient));
        var (response, missing) = await DependencyCall.RunAsync(
            (deadline, ct) => client.BatchGetAuthorsAsync(new BatchGetAuthorsRequest { Names = { names } }, deadline: deadline, cancellationToken: ct).ResponseAsync,
            context, _options.AuthorsTimeout, clock, "The author service could not check the bylines", Unavailable);
        if (response is null)
        {
            var unknown = Violations(next, author => author == missing, $"{missing} does not exist");
            if (unknown.Count == 0)
            {
                // NOT_FOUND that names none of our bylines is the author service misbehaving, not the caller's mistake.
                RpcErrors.ThrowUnavailable("The author service gave an answer that names no byline; nothing was written.", Unavailable);
            }
            RpcErrors.ThrowInvalidArgument(unknown);
        }

        var authors = response.Authors.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var before = current?.Bylines.Select(b => b.Author).ToHashSet(StringComparer.Ordinal) ?? [];
        var archived = Violations(next,
            author => authors[author].State == Author.Types.State.Archived && !before.Contains(author),
            "is archived; an archived author cannot be added to a byline");
        if (archived.Count > 0)
        {
            RpcErrors.ThrowInvalidArgument(archived);
        }
        return authors;
    }

    /// <summary>
    /// The authors <paramref name="article"/>'s bylines name, by resource name, for showing it (archived ones too); one the
    /// author service does not know (a byline written while no author service was configured) is left out. Empty when
    /// no author service is configured; UNAVAILABLE when it cannot answer in time.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Author>> ReadAsync(Article article, ServerCallContext context)
    {
        var names = article.Bylines.Select(b => b.Author).Distinct(StringComparer.Ordinal).ToList();
        var authors = new Dictionary<string, Author>(StringComparer.Ordinal);
        if (!Enabled)
        {
            return authors;
        }
        var client = clients.CreateClient<AuthorService.AuthorServiceClient>(nameof(AuthorService.AuthorServiceClient));
        // A batch get fails whole on the first unknown name: ask again without it, at most once per name.
        while (names.Count > 0)
        {
            var (response, missing) = await DependencyCall.RunAsync(
                (deadline, ct) => client.BatchGetAuthorsAsync(new BatchGetAuthorsRequest { Names = { names } }, deadline: deadline, cancellationToken: ct).ResponseAsync,
                context, _options.AuthorsTimeout, clock, "The author service could not name the bylines", Unavailable);
            if (response is not null)
            {
                foreach (var author in response.Authors)
                {
                    authors[author.Name] = author;
                }
                break;
            }
            if (!names.Remove(missing ?? ""))
            {
                RpcErrors.ThrowUnavailable("The author service gave an answer that names none of the bylines.", Unavailable);
            }
        }
        return authors;
    }

    /// <summary>The attribution line of <paramref name="article"/>, from the names of its information-source authors.</summary>
    public static string AttributionOf(Article article, IReadOnlyDictionary<string, Author> authors) =>
        Attribution.Line(article.LanguageCode, article.Bylines
            .Where(b => b.Role == Byline.Types.Role.InformationSource && authors.ContainsKey(b.Author))
            .Select(b => authors[b.Author].DisplayName)
            .Distinct(StringComparer.Ordinal)
            .ToList());

    private static List<FieldViolation> Violations(Article article, Func<string, bool> bad, string description) =>
        article.Bylines
            .Select((byline, i) => (byline.Author, i))
            .Where(b => bad(b.Author))
            .Select(b => new FieldViolation($"article.bylines[{b.i}].author", description))
            .ToList();
}
