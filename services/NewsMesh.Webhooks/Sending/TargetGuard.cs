using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using NewsMesh.Webhooks.Domain;

namespace NewsMesh.Webhooks.Sending;

/// <summary>
/// Keeps subscriptions off internal addresses: a URL is checked when it is saved (every address its host resolves
/// to), and every connection is checked again as it is made, so that a name that later resolves elsewhere (DNS
/// rebinding) still cannot reach in. <see cref="WebhooksOptions.AllowPrivateTargets"/> lifts both checks.
/// </summary>
public sealed class TargetGuard(IOptions<WebhooksOptions> options)
{
    /// <summary>Why <paramref name="url"/> may not be used, or null.</summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken ct)
    {
        if (options.Value.AllowPrivateTargets)
        {
            return null;
        }
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost, ct);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return $"its host {url.Host} does not resolve";
        }
        return addresses.FirstOrDefault(InternalAddresses.IsInternal) is { } refused
            ? $"its host {url.Host} resolves to {refused}, an internal address, which subscriptions may not reach"
            : null;
    }

    /// <summary>Connects to <paramref name="endpoint"/> unless it is internal (and not allowed).</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
        var allowed = addresses
            .Where(a => InternalAddresses.IsInternet(a.AddressFamily) && (options.Value.AllowPrivateTargets || !InternalAddresses.IsInternal(a)))
            .ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves only to internal addresses, which subscriptions may not reach");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
