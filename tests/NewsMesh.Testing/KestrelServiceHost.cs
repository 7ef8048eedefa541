using System.Globalization;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace NewsMesh.Testing;

/// <summary>A real service on Kestrel, in the test's process, on two free loopback ports, over its own database.</summary>
public class KestrelServiceHost<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly Dictionary<string, string?> _settings;
    private GrpcChannel? _channel;

    public KestrelServiceHost(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        GrpcPort = FreePorts.Next();
        HttpPort = FreePorts.Next();
        _settings = new Dictionary<string, string?>(database.Settings)
        {
            ["Endpoints:BindAddress"] = "127.0.0.1",
            ["Endpoints:GrpcPort"] = GrpcPort.ToString(CultureInfo.InvariantCulture),
            ["Endpoints:HttpPort"] = HttpPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        UseKestrel();
    }

    public int GrpcPort { get; }
    public int HttpPort { get; }

    public GrpcChannel Channel => _channel ??= GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");

    /// <summary>A client of the HTTP/1.1 listener (JSON, health, metrics).</summary>
    public HttpClient CreateHttpClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _channel?.Dispose();
        base.Dispose(disposing);
    }
}
