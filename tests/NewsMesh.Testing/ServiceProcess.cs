using Grpc.Net.Client;
using NewsMesh.Processes;

namespace NewsMesh.Testing;

/// <summary>
/// A process of the catalogue (or any project of the repository) on two free loopback ports, started by the mesh's
/// one runner (<see cref="MeshProcess"/>): a dependency that a test can stop mid-test, or one of several replicas,
/// trusting the test identity (<see cref="TestIdentity"/>). Settings are given as <c>Key=Value</c> pairs.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly MeshProcess _process;
    private string? _ownedDirectory;

    private ServiceProcess(MeshProcess process)
    {
        _process = process;
        Channel = TestIdentity.Channel(GrpcAddress, TestIdentity.Shared.TokenFor("editor"));
    }

    public int GrpcPort => _process.GrpcPort;
    public int HttpPort => _process.HttpPort;
    public string GrpcAddress => _process.GrpcAddress;
    /// <summary>A channel whose calls carry an editor's token.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>A channel whose calls carry <paramref name="token"/>; null: anonymous. The caller disposes it.</summary>
    public GrpcChannel ChannelWith(string? token) => TestIdentity.Channel(GrpcAddress, token);

    /// <summary><paramref name="name"/> of the catalogue, on a data folder of its own that goes when the process does.</summary>
    public static async Task<ServiceProcess> StartWithOwnDataAsync(string name, params string[] settings)
    {
        var data = Directory.CreateTempSubdirectory("newsmesh-" + name + "-").FullName;
        try
        {
            var service = await StartAsync(name, [.. settings, "Storage:DataDirectory=" + data]);
            service._ownedDirectory = data;
            return service;
        }
        catch
        {
            Directory.Delete(data, recursive: true);
            throw;
        }
    }

    /// <summary><paramref name="name"/> of the catalogue, or a project path such as <c>bench/NewsMesh.Bench.Limit</c>.</summary>
    public static async Task<ServiceProcess> StartAsync(string name, params string[] settings)
    {
        var assembly = name.Contains('/', StringComparison.Ordinal) ? RepositoryLayout.ProjectAssembly(name) : Catalogue.Get(name).Assembly;
        var all = TestIdentity.Shared.ProcessSettings.Concat(settings)
            .Select(setting => setting.Split('=', 2))
            .GroupBy(pair => pair[0])
            .ToDictionary(group => group.Key, group => group.Last()[1]);
        for (var attempt = 1; ; attempt++)
        {
            var process = MeshProcess.Start(new ProcessSpec(Path.GetFileName(name), assembly, FreePorts.Next(), FreePorts.Next(), all));
            var service = new ServiceProcess(process);
            try
            {
                await process.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
                return service;
            }
            catch (Exception e)
            {
                // The caller never receives a process that did not become ready, so it cannot stop it: we do.
                await service.DisposeAsync();
                // A port found free can be taken before the process binds it (by any outgoing connection of the
                // other test runs on the machine): only then is starting again on other ports the answer.
                if (attempt >= MaxStarts || !e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw;
                }
            }
        }
    }

    private const int MaxStarts = 3;

    public async Task<string> GetStringAsync(string path)
    {
        using var client = new HttpClient();
        return await client.GetStringAsync($"http://127.0.0.1:{HttpPort}{path}");
    }

    /// <summary>The sum of a Prometheus counter over all its labels on the process's <c>/metrics</c>; 0 before its first count.</summary>
    public async Task<double> CounterAsync(string name)
    {
        var text = await GetStringAsync("/metrics");
        return System.Text.RegularExpressions.Regex.Matches(text, $@"^{name}(\{{[^}}]*\}})? (?<value>[0-9.eE+]+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Sum(m => double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Kills the process outright, as a crash would.</summary>
    public int ProcessId => _process.ProcessId;

    public Task KillAsync() => _process.KillAsync();

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        // A test's process has nothing to finish: killed at once, so that fixtures stop quickly.
        await _process.KillAsync();
        await _process.DisposeAsync();
        if (_ownedDirectory is not null)
        {
            Directory.Delete(_ownedDirectory, recursive: true);
        }
    }
}
