namespace NewsMesh.Local.Processes;

/// <summary>A service of the mesh as the launcher runs it.</summary>
public sealed record MeshService(string Name, string Project, int GrpcPort, int HttpPort)
{
    /// <summary>The services in start order; later ones may call earlier ones.</summary>
    public static IReadOnlyList<MeshService> All(MeshOptions options) =>
    [
        Create("authors", "NewsMesh.Authors", options),
        Create("media", "NewsMesh.Media", options),
        Create("articles", "NewsMesh.Articles", options),
    ];

    public string GrpcAddress(string host) => $"http://{host}:{GrpcPort}";

    private static MeshService Create(string name, string project, MeshOptions options) =>
        options.Services.TryGetValue(name, out var ports)
            ? new MeshService(name, project, ports.GrpcPort, ports.HttpPort)
            : throw new InvalidOperationException($"Mesh:Services:{name} is not configured.");
}
