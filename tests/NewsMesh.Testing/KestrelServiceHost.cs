using System.Globalization;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace NewsMesh.Testing;

/// <summary>
/// A real service on Kestrel, in the test's process, on two free loopback ports, over its own database. Given a
/// <c>clock</c>, the service tells time by it (a fake clock, which the test moves).
/// </summary>
public class KestrelServiceHost<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly Dictionary<string, string?> _settings;
    private GrpcChannel? _channel;
    private GrpcChannel? _adminChannel;
    private readonly TimeProvider? _clock;

    public KestrelServiceHost(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        _clock = clock;
        GrpcPort = FreePorts.Next();
        HttpPort = FreePorts.Next();
        _settings = new Dictionary<string, string?>(database.Settings.Concat(TestIdentity.Shared.Settings))
        {
            ["Endpoints:BindAddress"] = "127.0.0.1",
            ["Endpoints:GrpcPort"] = GrpcPort.ToString(CultureInfo.InvariantCulture),
            ["Endpoints:HttpPort"] = HttpPort.ToString(CultureInfo.InvariantCulture),
            // The services have development keys only in Development; tests bring their own.
            ["Articles:PageTokenKey"] = "test-articles-page-token-key",
            ["Authors:PageTokenKey"] = "test-authors-page-token-key",
            ["Media:PageTokenKey"] = "test-media-page-token-key",
            ["Webhooks:PageTokenKey"] = "test-webhooks-page-token-key",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        UseKestrel();
    }

    public int GrpcPort { get; }
    public int HttpPort { get; }

    /// <summary>A channel whose calls carry an editor's token: the newsroom's everyday caller.</summary>
    public GrpcChannel Channel => _channel ??= ChannelWith(TestIdentity.Shared.TokenFor("editor"));

    /// <summary>A channel whose calls carry an admin's token, for what only admins may do (delete media, archive authors).</summary>
    public GrpcChannel AdminChannel => _adminChannel ??= ChannelWith(TestIdentity.Shared.TokenFor("admin"));

    /// <summary>A channel whose calls carry <paramref name="token"/>; null: anonymous. The caller disposes it.</summary>
    public GrpcChannel ChannelWith(string? token) => TestIdentity.Channel($"http://127.0.0.1:{GrpcPort}", token);

    /// <summary>A client of the HTTP/1.1 listener (JSON, health, metrics), with an editor's token.</summary>
    public HttpClient CreateHttpClient() => CreateHttpClient(TestIdentity.Shared.TokenFor("editor"));

    /// <summary>A client of the HTTP/1.1 listener whose requests carry <paramref name="token"/>; null: anonymous.</summary>
    public HttpClient CreateHttpClient(string? token) => TestIdentity.Http($"http://127.0.0.1:{HttpPort}", token);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        }
    }

    protected override void Dispose(bool disposing)
    {
        _channel?.Dispose();
        _adminChannel?.Dispose();
        base.Dispose(disposing);
    }
}
