using System.Diagnostics;
using System.Globalization;
using NewsMesh.Processes;

namespace NewsMesh.Testing;

/// <summary>
/// A real Varnish (Debian's varnish and varnish-modules; the test script installs them) running the repository's
/// VCL (deploy/varnish/newsmesh.vcl) in front of a gateway, on a free loopback port, owned by one test, which can
/// stop it and start it again on the same port. Only backend.vcl is the test's: it points at the test's gateway.
/// </summary>
public sealed class VarnishServer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/varnishd";
    private readonly string _folder = Directory.CreateTempSubdirectory("newsmesh-varnish-").FullName;
    private Process? _process;

    private VarnishServer(int port) => Port = port;

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    /// <summary>A port for a Varnish started later, so that the processes it names can be given its address first.</summary>
    public static VarnishServer OnFreePort() => new(FreePorts.Next());

    public async Task StartAsync(int gatewayPort)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: scripts/test.sh installs Debian's varnish and varnish-modules.");
        }
        await File.WriteAllTextAsync(Path.Combine(_folder, "backend.vcl"),
            $"backend gateway {{ .host = \"127.0.0.1\"; .port = \"{gatewayPort.ToString(CultureInfo.InvariantCulture)}\"; }}\n");
        var vcl = Path.Combine(RepositoryLayout.Root, "deploy", "varnish");
        // -j none: the test runs as whoever it is, with no jail user to switch to; -F: in the foreground, as a child of the test.
        _process = Process.Start(new ProcessStartInfo(Binary,
        [
            "-F", "-j", "none", "-a", $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}", "-T", "none",
            "-f", Path.Combine(vcl, "newsmesh.vcl"), "-p", $"vcl_path={_folder}:{vcl}", "-n", Path.Combine(_folder, "work"), "-s", "malloc,32m",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await RpcAssert.Eventually(async () => _process.HasExited ? throw new InvalidOperationException("varnishd exited: " + await _process.StandardError.ReadToEndAsync()) : await FreePorts.AcceptsAsync(Port),
            TimeSpan.FromSeconds(30), "varnishd to accept connections");
    }

    /// <summary>The <c>xkey-purge</c> headers of the PURGE requests this Varnish has logged since it started.</summary>
    public async Task<IReadOnlyList<string>> PurgedKeysAsync()
    {
        using var log = Process.Start(new ProcessStartInfo("/usr/bin/varnishncsa",
            ["-d", "-n", Path.Combine(_folder, "work"), "-q", "ReqMethod eq \"PURGE\"", "-F", "%{xkey-purge}i"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await log.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await log.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Kills Varnish outright; what it held is gone, as with any restart of a memory cache.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
