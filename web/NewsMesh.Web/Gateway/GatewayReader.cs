using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace NewsMesh.Web.Gateway;

/// <summary>
/// Reads the gateway's JSON routes into the contracts' messages. Each answer is kept with its ETag and asked for again
/// with <c>If-None-Match</c> on every read: a 304 reuses what was parsed, so a page is never older than the gateway's
/// own answer (which the change feeds keep fresh), and an unchanged part costs a round trip but no parsing.
/// </summary>
public sealed partial class GatewayReader : IDisposable
{
    public const string HttpClientName = "gateway";

    /// <summary>The most answers kept to revalidate, whatever <c>Web:RenderedPages</c> says.</summary>
    public const int KeptAnswers = 10_000;

    private const string PreviewPath = "/v1/pages/previews/";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private readonly IHttpClientFactory _clients;
    private readonly MemoryCache _answers;
    private readonly ILogger<GatewayReader> _logger;

    public GatewayReader(IHttpClientFactory clients, IOptions<WebOptions> options, ILogger<GatewayReader> logger)
    {
        _clients = clients;
        _logger = logger;
        // A page reads one to three answers; their parses are kept whether or not the pages are.
        _answers = new MemoryCache(new MemoryCacheOptions { SizeLimit = KeptAnswers });
    }

    /// <summary>
    /// The message at <paramref name="pathAndQuery"/>, or null when the gateway has none there for anonymous readers
    /// (404, or 400: a path that names nothing). Throws <see cref="GatewayUnavailableException"/> when it cannot say.
    /// </summary>
    public async Task<T?> GetAsync<T>(string pathAndQuery, PageReads reads, CancellationToken ct = default) where T : class, IMessage<T>, new()
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(reads.Token, ct);
        // The gateway's internal listener speaks HTTP/2 without TLS: every page's reads share its connections.
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (reads.ClientAddress is { } client)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", client);
        }
        var kept = _answers.Get<Kept>(pathAndQuery);
        if (kept is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", kept.ETag);
        }

        HttpResponseMessage response;
        try
        {
            response = await _clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested && !reads.ReaderGone.IsCancellationRequested))
        {
            LogUnavailable(Logged(pathAndQuery), e.Message);
            throw new GatewayUnavailableException("The gateway did not answer in time.", e);
        }
        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotModified when kept is not null:
                    reads.Record(CacheStatement.Of(response), kept.ETag);
                    return (T)kept.Message;
                case HttpStatusCode.OK:
                    var message = Parser.Parse<T>(await response.Content.ReadAsStringAsync(linked.Token));
                    var etag = response.Headers.ETag?.ToString();
                    reads.Record(CacheStatement.Of(response), etag);
                    if (etag is not null)
                    {
                        _answers.Set(pathAndQuery, new Kept(etag, message), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
                    }
                    return message;
                case HttpStatusCode.NotFound:
                case HttpStatusCode.BadRequest when await IsInvalidArgumentAsync(response, linked.Token):
                    // A path that names nothing (a bad slug, a page token the API did not make) is as missing as a
                    // story that is gone, and a part that is gone must not linger in what is kept.
                    _answers.Remove(pathAndQuery);
                    reads.Record(CacheStatement.Private, null);
                    return null;
                default:
                    LogRefused(Logged(pathAndQuery), (int)response.StatusCode);
                    throw new GatewayUnavailableException($"The gateway answered {(int)response.StatusCode}.")
                    {
                        RetryAfterSeconds = response.Headers.RetryAfter?.Delta is { } wait ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 5,
                    };
            }
        }
    }

    /// <summary>A path with its query, each value escaped; empty values are left out.</summary>
    public static string Path(string path, params (string Name, string? Value)[] query)
    {
        var parts = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}").ToList();
        return parts.Count == 0 ? path : string.Create(CultureInfo.InvariantCulture, $"{path}?{string.Join('&', parts)}");
    }

    public void Dispose() => _answers.Dispose();

    /// <summary>Whether a 400 is the API's INVALID_ARGUMENT (the reader's input), not a precondition the site cannot meet.</summary>
    private static async Task<bool> IsInvalidArgumentAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            // Read as plain JSON: the status's details name types this site need not know.
            using var status = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return status.RootElement.TryGetProperty("code", out var code) && code.TryGetInt32(out var value) && value == (int)Google.Rpc.Code.InvalidArgument;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>A path as logs may show it: a preview link's token is a credential.</summary>
    private static string Logged(string pathAndQuery) =>
        pathAndQuery.StartsWith(PreviewPath, StringComparison.Ordinal) ? PreviewPath + "…" : pathAndQuery;

    private sealed record Kept(string ETag, IMessage Message);

    [LoggerMessage(LogLevel.Warning, "The gateway did not answer {Path}: {Reason}")]
    private partial void LogUnavailable(string path, string reason);

    [LoggerMessage(LogLevel.Warning, "The gateway refused {Path} with {Status}")]
    private partial void LogRefused(string path, int status);
}
