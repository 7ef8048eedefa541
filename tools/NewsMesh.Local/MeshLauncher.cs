using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMesh.Local.Processes;
using NewsMesh.Local.Seeding;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Local;

/// <summary>Starts every service in order, waits for each to be ready, seeds an empty data folder, and stops them all on exit.</summary>
public sealed partial class MeshLauncher(
    IOptions<MeshOptions> options, LocalIdentity identity, SampleContentSeeder seeder, IHostApplicationLifetime lifetime, ILogger<MeshLauncher> logger)
    : BackgroundService
{
    private readonly List<ServiceProcess> _running = [];
    private EmbeddedRedis? _embeddedRedis;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mesh = options.Value;
        var data = mesh.DataPath();
        Directory.CreateDirectory(data);
        var services = MeshService.All(mesh);
        try
        {
            var redis = mesh.Redis;
            if (string.IsNullOrWhiteSpace(redis))
            {
                _embeddedRedis = EmbeddedRedis.Start(mesh.BindAddress, mesh.EmbeddedRedisPort);
                redis = _embeddedRedis.Configuration;
                LogEmbeddedRedis(redis);
            }
            var authors = services.Single(s => s.Name == "authors");
            var media = services.Single(s => s.Name == "media");
            // The seeder's own token: the sample content is written through the same rules as anyone's.
            var seeding = identity.Token("newsmesh-seeder", [Roles.Service], TimeSpan.FromHours(1));
            var environment = new Dictionary<string, string>(identity.Environment)
            {
                ["Cache__Redis"] = redis,
                ["Articles__AuthorsAddress"] = authors.GrpcAddress(mesh.BindAddress),
                ["Articles__MediaAddress"] = media.GrpcAddress(mesh.BindAddress),
            };
            foreach (var service in services.Where(s => s.Name != MeshService.Gateway))
            {
                environment[$"ReverseProxy__Clusters__{service.Name}__Destinations__primary__Address"] = service.GrpcAddress(mesh.BindAddress);
            }
            foreach (var service in services)
            {
                LogStarting(service.Name, service.GrpcPort, service.HttpPort);
                var process = ServiceProcess.Start(service, mesh.BindAddress, data, environment);
                _running.Add(process);
                await process.WaitUntilReadyAsync(mesh.BindAddress, mesh.ReadyTimeout, stoppingToken);
            }

            var marker = Path.Combine(data, "seeded");
            if (mesh.Seed && !File.Exists(marker))
            {
                await seeder.SeedAuthorsAsync(authors.GrpcAddress(mesh.BindAddress), seeding, stoppingToken);
                await seeder.SeedMediaAsync(media.GrpcAddress(mesh.BindAddress), seeding, stoppingToken);
                await seeder.SeedArticlesAsync(services.Single(s => s.Name == "articles").GrpcAddress(mesh.BindAddress), seeding, stoppingToken);
                await File.WriteAllTextAsync(marker, DateTimeOffset.UtcNow.ToString("O"), stoppingToken);
            }

            Console.Out.WriteLine(Banner(services, mesh.BindAddress, data, redis));
            var exited = Task.WhenAny(_running.Select(async p => { await p.Exited; return p; }));
            await Task.WhenAny(exited, Task.Delay(Timeout.Infinite, stoppingToken));
            if (exited.IsCompleted)
            {
                LogExited((await await exited).Service.Name);
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

    private static string Banner(IEnumerable<MeshService> services, string host, string data, string redis)
    {
        var text = new StringBuilder().AppendLine().AppendLine($"NewsMesh is running. Data: {data}   Redis: {redis}");
        foreach (var s in services.Where(s => s.Name != MeshService.Gateway))
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"  {s.Name,-10} gRPC (h2c) http://{host}:{s.GrpcPort}   JSON http://{host}:{s.HttpPort}/v1/{s.Name}   health http://{host}:{s.HttpPort}/healthz/ready   metrics http://{host}:{s.HttpPort}/metrics");
        }
        var gateway = services.Single(s => s.Name == MeshService.Gateway);
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
            $"  {gateway.Name,-10} web clients http://{host}:{gateway.HttpPort} (JSON /v1/…, pages /v1/pages/articles/{{slug}}?lang=en, OpenAPI /openapi.json)   gRPC callers (h2c) http://{host}:{gateway.GrpcPort}");
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
