using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>The real article service on Kestrel, on two free loopback ports, over its own database.</summary>
public sealed class ArticleServiceHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private GrpcChannel? _channel;

    public ArticleServiceHost(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        GrpcPort = FreePorts.Next();
        HttpPort = FreePorts.Next();
        _settings = new Dictionary<string, string?>(database.Settings)
        {
            ["Endpoints:BindAddress"] = "127.0.0.1",
            ["Endpoints:GrpcPort"] = GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Endpoints:HttpPort"] = HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Articles:SchedulerInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        UseKestrel();
    }

    public int GrpcPort { get; }
    public int HttpPort { get; }

    public ArticleService.ArticleServiceClient Client => new(Channel);

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
