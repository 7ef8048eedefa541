using System.Diagnostics;
using System.Globalization;
using System.Text;
using NewsMesh.Local;
using NewsMesh.Testing;

namespace NewsMesh.EndToEnd.Tests;

/// <summary>The launcher as a developer runs it, on free ports and a data folder of the test's own.</summary>
public sealed class LauncherProcess : IAsyncDisposable
{
    private const string ReadyLine = "Press Ctrl+C to stop.";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LauncherProcess(Process process, int articlesGrpcPort, int articlesHttpPort, int authorsGrpcPort, int authorsHttpPort)
    {
        _process = process;
        ArticlesGrpcPort = articlesGrpcPort;
        ArticlesHttpPort = articlesHttpPort;
        AuthorsGrpcPort = authorsGrpcPort;
        AuthorsHttpPort = authorsHttpPort;
    }

    public int ArticlesGrpcPort { get; }
    public int ArticlesHttpPort { get; }
    public int AuthorsGrpcPort { get; }
    public int AuthorsHttpPort { get; }

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
        int grpc = FreePorts.Next(), http = FreePorts.Next(), authorsGrpc = FreePorts.Next(), authorsHttp = FreePorts.Next();
        var launcher = Path.Combine(RepositoryLayout.Root, "tools", "NewsMesh.Local", "bin", RepositoryLayout.Configuration, "net10.0", "NewsMesh.Local.dll");
        var start = new ProcessStartInfo("dotnet",
        [
            launcher,
            "--Mesh:DataDirectory=" + dataDirectory,
            "--Mesh:Seed=" + seed.ToString(CultureInfo.InvariantCulture),
            "--Mesh:Services:articles:GrpcPort=" + grpc.ToString(CultureInfo.InvariantCulture),
            "--Mesh:Services:articles:HttpPort=" + http.ToString(CultureInfo.InvariantCulture),
            "--Mesh:Services:authors:GrpcPort=" + authorsGrpc.ToString(CultureInfo.InvariantCulture),
            "--Mesh:Services:authors:HttpPort=" + authorsHttp.ToString(CultureInfo.InvariantCulture),
            "--Mesh:EmbeddedRedisPort=" + FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var launched = new LauncherProcess(Process.Start(start)!, grpc, http, authorsGrpc, authorsHttp);
        launched._process.OutputDataReceived += (_, e) => launched.Record(e.Data);
        launched._process.ErrorDataReceived += (_, e) => launched.Record(e.Data);
        launched._process.BeginOutputReadLine();
        launched._process.BeginErrorReadLine();
        return launched;
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
