namespace NewsMesh.Local.Processes;

/// <summary>A service of the mesh as the launcher runs it; <paramref name="Folder"/> is where its project is.</summary>
public sealed record MeshService(string Name, string Project, int GrpcPort, int HttpPort, string Folder = "services")
{
    public const string Gateway = "gateway";

    /// <summary>The services in start order; later ones may call earlier ones, and the gateway, last, calls them all.</summary>
    public static IReadOnlyList<MeshService> All(MeshOptions options) =>
    [
        Create("authors", "NewsMesh.Authors", options),
        Create("media", "NewsMesh.Media", options),
        Create("articles", "NewsMesh.Articles", options),
        Create(Gateway, "NewsMesh.Gateway", options) with { Folder = "gateway" },
    ];

    public string GrpcAddress(string host) => $"http://{host}:{GrpcPort}";

    private static MeshService Create(string name, string project, MeshOptions options) =>
        options.Services.TryGetValue(name, out var ports)
            ? new MeshService(name, project, ports.GrpcPort, ports.HttpPort)
            : throw new InvalidOperationException($"Mesh:Services:{name} is not configured.");
}
