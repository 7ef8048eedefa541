using System.Net;
using System.Net.Sockets;

namespace NewsMesh.Testing;

public static class FreePorts
{
    /// <summary>A loopback port nobody listens on now; the OS does not hand it out again soon.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
