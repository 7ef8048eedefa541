using System.ComponentModel.DataAnnotations;

using NewsMesh.Processes;

namespace NewsMesh.Local;

/// <summary>The <c>Mesh</c> section: where data lives, and ports for a process other than the catalogue's.</summary>
public sealed class MeshOptions
{
    public const string Section = "Mesh";

    /// <summary>Folder for every service's data, relative to the repository root unless absolute.</summary>
    [Required]
    public string DataDirectory { get; set; } = ".data";

    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Redis for the services' caches (StackExchange.Redis configuration). Empty: the launcher hosts Garnet, a
    /// Redis-compatible server, in-process on <see cref="EmbeddedRedisPort"/> or the next free port.
    /// </summary>
    public string? Redis { get; set; }

    [Range(1, 65535)]
    public int EmbeddedRedisPort { get; set; } = 6379;

    /// <summary>Seed sample content on the first start of an empty data folder.</summary>
    public bool Seed { get; set; } = true;

    /// <summary>Ports other than the catalogue's, by process name.</summary>
    public Dictionary<string, ServicePorts> Services { get; set; } = [];

    /// <summary>The catalogue's processes, in start order, on the ports set here or else on the catalogue's.</summary>
    public IReadOnlyList<CatalogueEntry> Processes() =>
        Catalogue.All.Select(entry => Services.TryGetValue(entry.Name, out var ports)
            ? entry with { GrpcPort = ports.GrpcPort ?? entry.GrpcPort, HttpPort = ports.HttpPort ?? entry.HttpPort }
            : entry).ToList();

    /// <summary>Every name in <see cref="Services"/> is a process of the catalogue, and every port set is one.</summary>
    public bool ServicesAreValid() =>
        Services.All(s => Catalogue.All.Any(e => e.Name == s.Key)
            && s.Value.GrpcPort is null or (>= 1 and <= 65535)
            && s.Value.HttpPort is null or (>= 1 and <= 65535));

    /// <summary>The data folder as a full path.</summary>
    public string DataPath() => Path.GetFullPath(Path.Combine(RepositoryLayout.Root, DataDirectory));
}

/// <summary>A process's ports when not the catalogue's; one may be set without the other.</summary>
public sealed class ServicePorts
{
    [Range(1, 65535)]
    public int? GrpcPort { get; set; }

    [Range(1, 65535)]
    public int? HttpPort { get; set; }
}
