using System.ComponentModel.DataAnnotations;

namespace NewsMesh.ServiceDefaults.Endpoints;

/// <summary>
/// The two listeners of a service. Cleartext Kestrel cannot offer HTTP/1.1 and h2c on one port, so gRPC
/// (and JSON from the gateway over h2c) has its own port, and HTTP/1.1 (JSON, health, metrics) another.
/// </summary>
public sealed class ServiceEndpointsOptions
{
    public const string Section = "Endpoints";

    /// <summary>Address to bind, or <c>*</c> for every interface.</summary>
    [Required]
    public string BindAddress { get; set; } = "*";

    [Range(1, 65535)]
    public int GrpcPort { get; set; }

    [Range(1, 65535)]
    public int HttpPort { get; set; }

    /// <summary>The largest request message accepted, in bytes; larger ones get RESOURCE_EXHAUSTED (413 as JSON).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 1024 * 1024;
}
