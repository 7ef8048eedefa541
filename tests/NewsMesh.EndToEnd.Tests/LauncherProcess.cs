using System.Diagnostics;
using System.Globalization;
using System.Text;
using NewsMesh.Local;
using NewsMesh.Processes;
using NewsMesh.Testing;

namespace NewsMesh.EndToEnd.Tests;

/// <summary>The launcher as a developer runs it, on free ports and a data folder of the test's own.</summary>
public sealed class LauncherProcess : IAsyncDisposable
{
    private const string ReadyLine = "Press Ctrl+C to stop.";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Test classes that launch a whole mesh run one at a time: two at once would starve a small machine.</summary>
    public const string Collection = "launched meshes";

    private static readonly string[] Services = [.. Catalogue.All.Select(e => e.Name)];
    private readonly IReadOnlyDictionary<string, (int Grpc, int Http)> _ports;

    private LauncherProcess(Process process, IReadOnlyDictionary<string, (int Grpc, int Http)> ports)
    {
        _process = process;
        _ports = ports;
    }

    public int ArticlesGrpcPort => _ports["articles"].Grpc;
    public int ArticlesHttpPort => _ports["articles"].Http;
    public int AuthorsGrpcPort => _ports["authors"].Grpc;
    public int AuthorsHttpPort => _ports["authors"].Http;
    public int MediaGrpcPort => _ports["media"].Grpc;
    public int MediaHttpPort => _ports["media"].Http;
    public int SearchGrpcPort => _ports["search"].Grpc;
    public int SearchHttpPort => _ports["search"].Http;
    public int WebGrpcPort => _ports["web"].Grpc;
    public int WebHttpPort => _ports["web"].Http;
    public int GatewayGrpcPort => _ports["gateway"].Grpc;
    public int GatewayHttpPort => _ports["gateway"].Http;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static LauncherProcess Start(string dataDirectory, bool seed = true)
    {
        var ports = Services.ToDictionary(name => name, _ => (Grpc: FreePorts.Next(), Http: FreePorts.Next()));
        var launcher = Path.Combine(RepositoryLayout.Root, "tools", "NewsMesh.Local", "bin", RepositoryLayout.Configuration, "net10.0", "NewsMesh.Local.dll");
        var start = new ProcessStartInfo("dotnet",
        [
            launcher,
            "--Mesh:DataDirectory=" + dataDirectory,
            "--Mesh:Seed=" + seed.ToString(CultureInfo.InvariantCulture),
            .. ports.SelectMany(p => new[]
            {
                $"--Mesh:Services:{p.Key}:GrpcPort={p.Value.Grpc.ToString(CultureInfo.InvariantCulture)}",
                $"--Mesh:Services:{p.Key}:HttpPort={p.Value.Http.ToString(CultureInfo.InvariantCulture)}",
            }),
            "--Mesh:EmbeddedRedisPort=" + FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var launched = new LauncherProcess(Process.Start(start)!, ports);
        launched._process.OutputDataReceived += (_, e) => launched.Record(e.Data);
        launched._process.ErrorDataReceived += (_, e) => launched.Record(e.Data);
        launched._process.BeginOutputReadLine();
        launched._process.BeginErrorReadLine();
        return launched;
    }

    /// <summary>
    /// What <c>token --role ROLE --sub SUBJECT</c> prints for the mesh on <paramref name="dataDirectory"/>: checked to be
    /// one token and nothing else, as <c>TOKEN=$(… token …)</c> in the README needs.
    /// </summary>
    public static async Task<string> TokenAsync(string dataDirectory, string role, string subject)
    {
        var launcher = Path.Combine(RepositoryLayout.Root, "tools", "NewsMesh.Local", "bin", RepositoryLayout.Configuration, "net10.0", "NewsMesh.Local.dll");
        var start = new ProcessStartInfo("dotnet", [launcher, "token", "--role", role, "--sub", subject])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Mesh__DataDirectory"] = dataDirectory;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        Assert.True(process.ExitCode == 0, await stderr);
        var token = output.TrimEnd('\n');
        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);
        return token;
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_ready.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
        if (finished != _ready.Task)
        {
            Assert.Fail($"The launcher was not ready within {timeout.TotalSeconds:0} s (exited: {_process.HasExited}).\n{Output}");
        }
    }

    /// <summary>Sends SIGTERM, as a service manager would, and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(grace.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (line.Contains(ReadyLine, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
