using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMesh.Local.Processes;
using NewsMesh.Processes;
using NewsMesh.Local.Seeding;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Local;

/// <summary>Starts every service in order, waits for each to be ready, seeds an empty data folder, and stops them all on exit.</summary>
public sealed partial class MeshLauncher(
    IOptions<MeshOptions> options, LocalIdentity identity, SampleContentSeeder seeder, IHostApplicationLifetime lifetime, ILogger<MeshLauncher> logger)
    : BackgroundService
{
    private readonly List<MeshProcess> _running = [];
    private EmbeddedRedis? _embeddedRedis;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mesh = options.Value;
        var data = mesh.DataPath();
        Directory.CreateDirectory(data);
        var services = mesh.Processes();
        try
        {
            var redis = mesh.Redis;
            if (string.IsNullOrWhiteSpace(redis))
            {
                _embeddedRedis = EmbeddedRedis.Start(mesh.BindAddress, mesh.EmbeddedRedisPort);
                redis = _embeddedRedis.Configuration;
                LogEmbeddedRedis(redis);
            }
            // The seeder's own token: the sample content is written through the same rules as anyone's.
            var seeding = identity.Token("newsmesh-seeder", [Roles.Service], TimeSpan.FromHours(1));
            foreach (var service in services)
            {
                var settings = new Dictionary<string, string>(identity.Settings)
                {
                    ["Cache:Redis"] = redis,
                    ["Storage:DataDirectory"] = Path.Combine(data, service.Name),
                };
                foreach (var (key, address) in Catalogue.CallSettings(service, callee => Address(services, callee, mesh.BindAddress)))
                {
                    settings[key] = address;
                }
                if (service.Name == Catalogue.Gateway)
                {
                    // The web front, on this address, says whose page request it passes on: readers are rate-limited, not it.
                    settings["Gateway:TrustedProxies:0"] = mesh.BindAddress;
                }
                if (service.Name == Catalogue.Web)
                {
                    settings["Web:PublicUrl"] = $"http://{mesh.BindAddress}:{service.HttpPort}";
                }
                LogStarting(service.Name, service.GrpcPort, service.HttpPort);
                var process = MeshProcess.Start(ProcessSpec.For(service, settings) with { BindAddress = mesh.BindAddress, Output = Console.Out });
                _running.Add(process);
                await process.WaitUntilReadyAsync(mesh.ReadyTimeout, stoppingToken);
            }
            string AddressOf(string name) => Address(services, Catalogue.Get(name), mesh.BindAddress);

            var marker = Path.Combine(data, "seeded");
            if (mesh.Seed && !File.Exists(marker))
            {
                await seeder.SeedAuthorsAsync(AddressOf("authors"), seeding, stoppingToken);
                await seeder.SeedMediaAsync(AddressOf("media"), seeding, stoppingToken);
                await seeder.SeedArticlesAsync(AddressOf("articles"), seeding, stoppingToken);
                await File.WriteAllTextAsync(marker, DateTimeOffset.UtcNow.ToString("O"), stoppingToken);
            }

            Console.Out.WriteLine(Banner(services, mesh.BindAddress, data, redis));
            var exited = Task.WhenAny(_running.Select(async p => { await p.Exited; return p; }));
            await Task.WhenAny(exited, Task.Delay(Timeout.Infinite, stoppingToken));
            if (exited.IsCompleted)
            {
                LogExited((await await exited).Name);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e);
            Environment.ExitCode = 1;
        }
        lifetime.StopApplication();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            await _running[i].DisposeAsync();
        }
        _running.Clear();
        _embeddedRedis?.Dispose();
        _embeddedRedis = null;
    }

    /// <summary>Where <paramref name="callee"/> listens in this mesh: its ports may be set apart from the catalogue's.</summary>
    private static string Address(IReadOnlyList<CatalogueEntry> services, CatalogueEntry callee, string host) =>
        services.Single(s => s.Name == callee.Name).GrpcAddress(host);

    private static string Banner(IEnumerable<CatalogueEntry> services, string host, string data, string redis)
    {
        var text = new StringBuilder().AppendLine().AppendLine($"NewsMesh is running. Data: {data}   Redis: {redis}");
        foreach (var s in services.Where(s => s.Name is not (Catalogue.Gateway or Catalogue.Web)))
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"  {s.Name,-10} gRPC (h2c) http://{host}:{s.GrpcPort}   JSON http://{host}:{s.HttpPort}/v1/{s.Collections[0]}   health http://{host}:{s.HttpPort}/healthz/ready   metrics http://{host}:{s.HttpPort}/metrics");
        }
        var gateway = services.Single(s => s.Name == Catalogue.Gateway);
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
            $"  {gateway.Name,-10} web clients http://{host}:{gateway.HttpPort} (JSON /v1/…, pages /v1/pages/articles/{{slug}}?lang=en, OpenAPI /openapi.json)   gRPC callers (h2c) http://{host}:{gateway.GrpcPort}");
        var web = services.Single(s => s.Name == Catalogue.Web);
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {web.Name,-10} readers http://{host}:{web.HttpPort}/");
        text.AppendLine("  writes need a token: TOKEN=$(dotnet run --project tools/NewsMesh.Local -- token --role editor --sub you)");
        return text.AppendLine("Press Ctrl+C to stop.").ToString();
    }

    [LoggerMessage(LogLevel.Information, "Starting {Service} (gRPC {GrpcPort}, HTTP {HttpPort})")]
    private partial void LogStarting(string service, int grpcPort, int httpPort);

    [LoggerMessage(LogLevel.Information, "No Redis configured (Mesh:Redis): hosting Garnet on {Redis}")]
    private partial void LogEmbeddedRedis(string redis);

    [LoggerMessage(LogLevel.Error, "{Service} exited; stopping the mesh")]
    private partial void LogExited(string service);

    [LoggerMessage(LogLevel.Error, "The mesh could not start")]
    private partial void LogFailed(Exception exception);
}
