using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Garnet;

namespace NewsMesh.Local.Processes;

/// <summary>
/// Garnet hosted in the launcher's process: a Redis-compatible server (strings, hashes, pub/sub), memory only,
/// so the local mesh runs the same Redis cache and backplane code as production with nothing to install.
/// </summary>
public sealed class EmbeddedRedis : IDisposable
{
    private readonly GarnetServer _server;

    private EmbeddedRedis(GarnetServer server, string bindAddress, int port)
    {
        _server = server;
        Configuration = $"{bindAddress}:{port}";
    }

    public string Configuration { get; }

    /// <summary>Starts on <paramref name="preferredPort"/>, or the next free port above it.</summary>
    public static EmbeddedRedis Start(string bindAddress, int preferredPort)
    {
        var port = preferredPort;
        while (!IsFree(port))
        {
            port++;
        }
        var server = new GarnetServer(
        [
            "--bind", bindAddress,
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--memory", "256m",
            "--index", "16m",
        ]);
        server.Start();
        return new EmbeddedRedis(server, bindAddress, port);
    }

    public void Dispose() => _server.Dispose();

    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
