using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.Webhooks.Domain;

namespace NewsMesh.Webhooks.Sending;

/// <summary>What one attempt came to.</summary>
public sealed record Attempt(bool Delivered, bool Gone, int StatusCode, string Error);

/// <summary>
/// Sends one delivery: a signed POST, within the timeout, through connections that refuse internal addresses, with
/// redirects followed only to the subscription's own host.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _clock;

    public WebhookSender(TargetGuard guard, IOptions<WebhooksOptions> options, TimeProvider clock)
    {
        _timeout = options.Value.Timeout;
        _clock = clock;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = guard.ConnectAsync,
            ConnectTimeout = _timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("NewsMesh-Webhooks/1");
    }

    /// <summary>The body of a delivery, in the Standard Webhooks shape.</summary>
    public static byte[] Body(Change change) => Encoding.UTF8.GetBytes(
        $"{{\"type\":{JsonSerializer.Serialize(SubscriptionRules.EventType(change))},\"timestamp\":{JsonSerializer.Serialize(change.Time.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))},\"data\":{JsonFormatter.Default.Format(change)}}}");

    /// <summary>The <c>webhook-id</c> of a delivery: the same on every attempt, so that receivers can drop repeats.</summary>
    public static string MessageId(long deliveryId) => "msg_" + deliveryId.ToString(CultureInfo.InvariantCulture);

    public async Task<Attempt> SendAsync(long deliveryId, Subscription subscription, Change change, CancellationToken ct)
    {
        var body = Body(change);
        var id = MessageId(deliveryId);
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        var signature = Signatures.Sign(subscription.Secret, id, timestamp, body);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_timeout);
        var target = new Uri(subscription.Url);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                request.Headers.Add("webhook-id", id);
                request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add("webhook-signature", signature);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return new Attempt(true, false, status, "");
                }
                if (response.StatusCode == HttpStatusCode.Gone)
                {
                    return new Attempt(false, true, status, "the receiver answered 410 Gone");
                }
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(target, location);
                    if (!SameHost(target, next))
                    {
                        return new Attempt(false, false, status, $"redirected to another host ({next.Host}); not followed");
                    }
                    if (redirects == WebhookLimits.RedirectsMax)
                    {
                        return new Attempt(false, false, status, $"more than {WebhookLimits.RedirectsMax} redirects");
                    }
                    target = next;
                    continue;
                }
                return new Attempt(false, false, status, $"the receiver answered {status}");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Attempt(false, false, 0, $"timed out after {_timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new Attempt(false, false, 0, e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message);
        }
    }

    /// <summary>The same host and port; http may become https on it, never the reverse.</summary>
    private static bool SameHost(Uri from, Uri to) =>
        string.Equals(from.IdnHost, to.IdnHost, StringComparison.OrdinalIgnoreCase)
        && (to.Scheme == from.Scheme ? to.Port == from.Port : from.Scheme == "http" && to.Scheme == "https" && to.IsDefaultPort && from.IsDefaultPort);

    public void Dispose() => _http.Dispose();
}
