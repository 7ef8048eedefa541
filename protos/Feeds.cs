using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using NewsMesh.Contracts.Feed.V1;

namespace NewsMesh.Contracts;

/// <summary>
/// The change feeds of the content services, by the catalogue's name of the service that keeps each: what the
/// gateway, the purger and the webhooks follow. Every feed has the same two methods, so one client reads them all.
/// </summary>
public static class Feeds
{
    public static readonly IReadOnlyList<(string Name, ServiceDescriptor Service)> Content =
    [
        ("articles", Article.V1.ArticleService.Descriptor),
        ("authors", Author.V1.AuthorService.Descriptor),
        ("media", Media.V1.MediaService.Descriptor),
    ];

    /// <summary><c>WatchChanges</c> of <paramref name="service"/>, for a <see cref="CallInvoker"/>.</summary>
    public static Method<WatchChangesRequest, WatchChangesResponse> Watch(ServiceDescriptor service) =>
        new(MethodType.ServerStreaming, service.FullName, "WatchChanges",
            Marshallers.Create(r => r.ToByteArray(), WatchChangesRequest.Parser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), WatchChangesResponse.Parser.ParseFrom));
}
