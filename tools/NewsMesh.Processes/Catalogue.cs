using System.Text.Json;

namespace NewsMesh.Processes;

/// <summary>
/// One process of the mesh as <c>catalogue.json</c> names it: its project, its ports, the gRPC services and JSON
/// collections it serves, and the processes it calls, each with the setting that takes the callee's address.
/// </summary>
public sealed record CatalogueEntry(
    string Name,
    string Project,
    int GrpcPort,
    int HttpPort,
    IReadOnlyList<string> GrpcServices,
    IReadOnlyList<string> Collections,
    IReadOnlyDictionary<string, string> Calls)
{
    /// <summary>The built assembly, in the configuration these tools were built in.</summary>
    public string Assembly => RepositoryLayout.ProjectAssembly(Project);

    public string GrpcAddress(string host) => $"http://{host}:{GrpcPort}";
}

/// <summary>The mesh's processes, read once from <c>catalogue.json</c> at the repository root.</summary>
public static class Catalogue
{
    public const string Gateway = "gateway";

    /// <summary>The reader's web front: last, a client of the gateway only.</summary>
    public const string Web = "web";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };
    private static readonly Lazy<IReadOnlyList<CatalogueEntry>> Loaded = new(Load);

    /// <summary>In start order: a process may call only those before it; the gateway calls every service, the web front the gateway.</summary>
    public static IReadOnlyList<CatalogueEntry> All => Loaded.Value;

    /// <summary>The services behind the gateway: every process but the gateway and the web front.</summary>
    public static IReadOnlyList<CatalogueEntry> Services => [.. All.Where(e => e.Name is not (Gateway or Web))];

    public static CatalogueEntry Get(string name) =>
        All.SingleOrDefault(e => e.Name == name) ?? throw new ArgumentException($"catalogue.json names no process '{name}'.", nameof(name));

    /// <summary>The settings that point <paramref name="entry"/> at the processes it calls, by their gRPC addresses.</summary>
    public static Dictionary<string, string> CallSettings(CatalogueEntry entry, Func<CatalogueEntry, string> addressOf) =>
        entry.Calls.ToDictionary(call => call.Value, call => addressOf(Get(call.Key)));

    private static List<CatalogueEntry> Load()
    {
        var path = Path.Combine(RepositoryLayout.Root, "catalogue.json");
        var file = JsonSerializer.Deserialize<CatalogueFile>(File.ReadAllText(path), JsonOptions)
            ?? throw new InvalidOperationException($"{path} is empty.");
        var entries = file.Processes;
        for (var i = 0; i < entries.Count; i++)
        {
            foreach (var callee in entries[i].Calls.Keys)
            {
                if (!entries.Take(i).Any(e => e.Name == callee))
                {
                    throw new InvalidOperationException($"{path}: {entries[i].Name} calls {callee}, which is not named before it.");
                }
            }
        }
        return entries;
    }

    private sealed record CatalogueFile(List<CatalogueEntry> Processes);
}
