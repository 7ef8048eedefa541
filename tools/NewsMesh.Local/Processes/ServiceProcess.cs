using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NewsMesh.Local.Processes;

/// <summary>One service running as its own process: its output prefixed with its name, stopped with SIGTERM.</summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;

    private ServiceProcess(MeshService service, Process process)
    {
        Service = service;
        _process = process;
    }

    public MeshService Service { get; }

    public int ProcessId => _process.Id;

    public Task Exited => _process.WaitForExitAsync();

    public static ServiceProcess Start(MeshService service, string bindAddress, string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        EnsurePortFree(service.Name, "gRPC", service.GrpcPort);
        EnsurePortFree(service.Name, "HTTP", service.HttpPort);
        var assembly = RepositoryLayout.ServiceAssembly(service.Folder, service.Project);
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is missing; build the solution first.");
        }

        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Endpoints__BindAddress"] = bindAddress;
        start.Environment["Endpoints__GrpcPort"] = service.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Endpoints__HttpPort"] = service.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Storage__DataDirectory"] = Path.Combine(dataDirectory, service.Name);
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        // glibc gives each thread that allocates natively (image decoding) an arena of its own and keeps each at its
        // peak; two arenas keep the media service's resident memory near what it is using (measured in docs/benchmarks.md).
        start.Environment["MALLOC_ARENA_MAX"] = "2";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {service.Name}.");
        var prefix = $"[{service.Name}] ";
        process.OutputDataReceived += (_, e) => Print(prefix, e.Data);
        process.ErrorDataReceived += (_, e) => Print(prefix, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(service, process);
    }

    /// <summary>Polls <c>/healthz/ready</c> until it answers 200, the process dies, or time runs out.</summary>
    public async Task WaitUntilReadyAsync(string host, TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var url = $"http://{host}:{Service.HttpPort}/healthz/ready";
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Service.Name} exited with code {_process.ExitCode} while starting.");
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
        throw new TimeoutException($"{Service.Name} was not ready at {url} within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>SIGTERM for a graceful shutdown; killed if it has not exited within ten seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
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

    private static void EnsurePortFree(string service, string kind, int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Any, port);
            probe.Start();
        }
        catch (SocketException)
        {
            throw new InvalidOperationException(
                $"Port {port} for the {service} {kind} endpoint is in use. Stop what holds it, or set Mesh:Services:{service}:{kind}Port.");
        }
    }

    private static void Print(string prefix, string? line)
    {
        if (line is not null)
        {
            Console.Out.WriteLine(prefix + line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
