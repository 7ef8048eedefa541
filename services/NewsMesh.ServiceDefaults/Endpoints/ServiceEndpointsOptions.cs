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

    /// <summary>
    /// The most HTTP/2 streams a client may have open on one connection. A client opens another connection only when
    /// this is reached, so a lower limit spreads a proxy's calls over several connections (and their locks).
    /// </summary>
    [Range(1, 1000)]
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>The largest request message accepted, in bytes; larger ones get RESOURCE_EXHAUSTED (413 as JSON).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 1024 * 1024;
}
