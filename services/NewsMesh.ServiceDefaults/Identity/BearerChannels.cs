using Grpc.Core;
using Grpc.Net.Client;

namespace NewsMesh.ServiceDefaults.Identity;

/// <summary>gRPC channels whose every call carries one bearer token: for tools, seeding and tests.</summary>
public static class BearerChannels
{
    /// <summary>A channel to <paramref name="address"/> whose calls carry <paramref name="token"/>; null: anonymous.</summary>
    public static GrpcChannel ForAddress(string address, string? token) =>
        GrpcChannel.ForAddress(address, With(new GrpcChannelOptions(), token));

    /// <summary><paramref name="options"/> with every call carrying <paramref name="token"/>; unchanged when it is null.</summary>
    public static GrpcChannelOptions With(GrpcChannelOptions options, string? token)
    {
        if (token is not null)
        {
            options.Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("Authorization", "Bearer " + token);
                return Task.CompletedTask;
            }));
            // h2c inside the mesh's own network, as the services themselves call each other.
            options.UnsafeUseInsecureChannelCallCredentials = true;
        }
        return options;
    }
}
