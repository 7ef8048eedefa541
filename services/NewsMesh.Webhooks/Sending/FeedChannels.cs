using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace NewsMesh.Webhooks.Sending;

/// <summary>Channels to the services whose feeds this one follows, from <see cref="WebhooksOptions"/>; a service without an address is not followed.</summary>
public sealed class FeedChannels(IOptions<WebhooksOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<GrpcChannel>> _channels = new(StringComparer.Ordinal);

    public CallInvoker? For(string feed)
    {
        var address = feed switch
        {
            "articles" => options.Value.ArticlesAddress,
            "authors" => options.Value.AuthorsAddress,
            "media" => options.Value.MediaAddress,
            _ => null,
        };
        return string.IsNullOrWhiteSpace(address)
            ? null
            : _channels.GetOrAdd(feed, _ => new Lazy<GrpcChannel>(() => GrpcChannel.ForAddress(address))).Value.CreateCallInvoker();
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values.Where(c => c.IsValueCreated))
        {
            channel.Value.Dispose();
        }
    }
}
