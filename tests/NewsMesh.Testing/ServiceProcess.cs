using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Grpc.Net.Client;

namespace NewsMesh.Testing;

/// <summary>
/// A service as a process of its own, on two free loopback ports: a dependency that a test can stop mid-test,
/// or one of several replicas, trusting the test identity (<see cref="TestIdentity"/>). Settings are given as
/// <c>Key=Value</c> pairs.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private string? _ownedDirectory;

    private ServiceProcess(Process process, int grpcPort, int httpPort)
    {
        _process = process;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        Channel = TestIdentity.Channel(GrpcAddress, TestIdentity.Shared.TokenFor("editor"));
    }

    public int GrpcPort { get; }
    public int HttpPort { get; }
    public string GrpcAddress => $"http://127.0.0.1:{GrpcPort}";
    /// <summary>A channel whose calls carry an editor's token.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>A channel whose calls carry <paramref name="token"/>; null: anonymous. The caller disposes it.</summary>
    public GrpcChannel ChannelWith(string? token) => TestIdentity.Channel(GrpcAddress, token);

    /// <summary>The build output of <c>{folder}/{project}</c>, in the configuration the tests were built in.</summary>
    public static string BuiltService(string project, string folder = "services")
    {
        var configuration = typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NewsMesh.Configuration").Value!;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "NewsMesh.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("NewsMesh.sln not found above the tests.");
        }
        return Path.Combine(root.FullName, folder, project, "bin", configuration, "net10.0", project + ".dll");
    }

    /// <summary>The built <c>services/{project}</c>, on a data folder of its own that goes when the process does.</summary>
    public static async Task<ServiceProcess> StartWithOwnDataAsync(string project, params string[] settings)
    {
        var data = Directory.CreateTempSubdirectory("newsmesh-" + project.ToLowerInvariant() + "-").FullName;
        try
        {
            var service = await StartAsync(BuiltService(project), [.. settings, "Storage:DataDirectory=" + data]);
            service._ownedDirectory = data;
            return service;
        }
        catch
        {
            Directory.Delete(data, recursive: true);
            throw;
        }
    }

    public static async Task<ServiceProcess> StartAsync(string assembly, params string[] settings)
    {
        int grpc = FreePorts.Next(), http = FreePorts.Next();
        string[] arguments =
        [
            assembly,
            "--Endpoints:BindAddress=127.0.0.1",
            "--Endpoints:GrpcPort=" + grpc.ToString(CultureInfo.InvariantCulture),
            "--Endpoints:HttpPort=" + http.ToString(CultureInfo.InvariantCulture),
            .. TestIdentity.Shared.ProcessSettings.Concat(settings).Select(s => "--" + s),
        ];
        var process = Process.Start(new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, grpc, http);
        try
        {
            await WaitUntilReadyAsync(process, http, Path.GetFileName(assembly));
        }
        catch
        {
            // The caller never receives a process that did not become ready, so it cannot stop it: we do.
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    private static async Task WaitUntilReadyAsync(Process process, int http, string name)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await RpcAssert.Eventually(async () =>
        {
            Assert.False(process.HasExited, $"{name} exited while starting");
            try
            {
                return (await client.GetAsync($"http://127.0.0.1:{http}/healthz/ready")).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), name + " to be ready");
    }

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
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await KillAsync();
        _process.Dispose();
        if (_ownedDirectory is not null)
        {
            Directory.Delete(_ownedDirectory, recursive: true);
        }
    }
}
