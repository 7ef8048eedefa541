using System.Diagnostics;

namespace NewsMesh.Testing;

/// <summary>
/// A real redis-server (Debian's package; the test script installs it) owned by one test, on a free loopback
/// port, that the test can stop and start again on the same port.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePorts.Next());
        try
        {
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public async Task StartAgainAsync()
    {
        const string binary = "/usr/bin/redis-server";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} is missing: scripts/test.sh installs Debian's redis-server.");
        }
        _process = Process.Start(new ProcessStartInfo(binary,
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await RpcAssert.Eventually(async () => await FreePorts.AcceptsAsync(Port), TimeSpan.FromSeconds(10), "redis-server to accept connections");
    }

    /// <summary>Kills the server outright, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}
