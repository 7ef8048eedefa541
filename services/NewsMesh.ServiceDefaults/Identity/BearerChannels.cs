using Grpc.Core;
using Grpc.Net.Client;

namespace NewsMesh.ServiceDefaults.Identity;

/// <summary>gRPC channels whose every call carries one bearer token: for tools, seeding and tests.</summary>
public static class BearerChannels
{
    /// <summary>A channel to <paramref name="address"/> whose calls carry <paramref name="token"/>; null: anonymous.</summary>
    public static GrpcChannel ForAddress(string address, string? token)
    {
        if (token is null)
        {
            return GrpcChannel.ForAddress(address);
        }
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("Authorization", "Bearer " + token);
            return Task.CompletedTask;
        });
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            // h2c inside the mesh's own network, as the services themselves call each other.
            UnsafeUseInsecureChannelCallCredentials = true,
        });
    }
}
