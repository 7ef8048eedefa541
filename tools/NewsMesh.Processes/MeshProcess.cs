using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NewsMesh.Processes;

/// <summary>
/// What to start: a built project's assembly on two ports, with settings given as configuration keys
/// (<c>Storage:DataDirectory</c>), passed to the process as environment variables.
/// </summary>
public sealed record ProcessSpec(string Name, string Assembly, int GrpcPort, int HttpPort, IReadOnlyDictionary<string, string> Settings)
{
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>Where each line the process writes goes, prefixed with its name; null: nowhere.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>A catalogue entry, on its own ports unless others are given.</summary>
    public static ProcessSpec For(CatalogueEntry entry, IReadOnlyDictionary<string, string> settings, int? grpcPort = null, int? httpPort = null) =>
        new(entry.Name, entry.Assembly, grpcPort ?? entry.GrpcPort, httpPort ?? entry.HttpPort, settings);
}

/// <summary>
/// One process of the mesh, started from its build output: the one runner of the launcher, the tests and the
/// benchmark. Ready when <c>/healthz/ready</c> says so; stopped with SIGTERM, and killed if it does not go.
/// </summary>
public sealed partial class MeshProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private const int TailLines = 20;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    // The last lines the process wrote, for the message of a start that failed.
    private readonly Queue<string> _tail = new();

    private MeshProcess(ProcessSpec spec, Process process)
    {
        Spec = spec;
        _process = process;
    }

    public ProcessSpec Spec { get; }

    public string Name => Spec.Name;

    public int GrpcPort => Spec.GrpcPort;

    public int HttpPort => Spec.HttpPort;

    public string GrpcAddress => $"http://{Spec.BindAddress}:{Spec.GrpcPort}";

    public int ProcessId => _process.Id;

    public Task Exited => _process.WaitForExitAsync();

    /// <summary>The exit code, once <see cref="Exited"/> has completed.</summary>
    public int ExitCode => _process.ExitCode;

    public static MeshProcess Start(ProcessSpec spec)
    {
        EnsurePortFree(spec.Name, "gRPC", spec.GrpcPort);
        EnsurePortFree(spec.Name, "HTTP", spec.HttpPort);
        if (!File.Exists(spec.Assembly))
        {
            throw new InvalidOperationException($"{spec.Assembly} is missing; build the solution first.");
        }

        var start = new ProcessStartInfo("dotnet", [spec.Assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(spec.Assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Endpoints__BindAddress"] = spec.BindAddress;
        start.Environment["Endpoints__GrpcPort"] = spec.GrpcPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Endpoints__HttpPort"] = spec.HttpPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        // glibc gives each thread that allocates natively (image decoding) an arena of its own and keeps each at its
        // peak; two arenas keep the media service's resident memory near what it is using (measured in docs/benchmarks.md).
        start.Environment["MALLOC_ARENA_MAX"] = "2";
        // The GC sizes its first generation from the processor's last-level cache, and some servers report hundreds of
        // megabytes of it (260 MB here made every process 70 MB larger); 16 MB is what a 25 MB cache would give.
        start.Environment["DOTNET_GCgen0size"] = "0x1000000";
        foreach (var (key, value) in spec.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        // ASP.NET Core reads ASPNETCORE_ENVIRONMENT before DOTNET_ENVIRONMENT: one inherited from the caller's shell
        // must not decide instead.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = start.Environment["DOTNET_ENVIRONMENT"];

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {spec.Name}.");
        var started = new MeshProcess(spec, process);
        var prefix = $"[{spec.Name}] ";
        process.OutputDataReceived += (_, e) => started.Print(prefix, e.Data);
        process.ErrorDataReceived += (_, e) => started.Print(prefix, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>The last lines the process wrote, oldest first.</summary>
    public string Tail()
    {
        lock (_tail)
        {
            return string.Join(Environment.NewLine, _tail);
        }
    }

    /// <summary>Polls <c>/healthz/ready</c> until it answers 200, the process dies, or time runs out.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var url = $"http://{Spec.BindAddress}:{Spec.HttpPort}/healthz/ready";
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // The output ends after the exit; it is what says why.
                await _process.WaitForExitAsync(ct);
                throw new InvalidOperationException(
                    $"{Spec.Name} exited with code {_process.ExitCode} while starting. Its last lines:{Environment.NewLine}{Tail()}");
            }
            try
            {
                using var response = await http.GetAsync(url, ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // That poll timed out; try again.
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"{Spec.Name} was not ready at {url} within {timeout.TotalSeconds:0} s.");
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

    /// <summary>SIGTERM for a graceful shutdown; killed if it has not exited within ten seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            using var grace = new CancellationTokenSource(Grace);
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    private static void EnsurePortFree(string name, string kind, int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Any, port);
            probe.Start();
        }
        catch (SocketException)
        {
            throw new InvalidOperationException(
                $"Port {port} for the {name} {kind} endpoint is in use. Stop what holds it, or give the process another port.");
        }
    }

    private void Print(string prefix, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
        Spec.Output?.WriteLine(prefix + line);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
