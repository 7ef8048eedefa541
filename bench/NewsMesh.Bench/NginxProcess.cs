using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace NewsMesh.Bench;

/// <summary>
/// nginx (Debian's package; the scripts install it) as the rival reverse proxy: the same article routes as the
/// gateway, gRPC with <c>grpc_pass</c> to the service's h2c port and JSON with <c>proxy_pass</c> to its HTTP/1.1 port
/// (nginx speaks only HTTP/1.1 to upstreams), with upstream keep-alive, in a folder of its own.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly string _folder;

    private NginxProcess(Process process, string folder, int grpcPort, int httpPort)
    {
        _process = process;
        _folder = folder;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
    }

    public int GrpcPort { get; }
    public int HttpPort { get; }
    public int ProcessId => _process.Id;

    public static async Task<NginxProcess> StartAsync(string grpcUpstream, string httpUpstream)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: scripts/bench.sh and scripts/test.sh install Debian's nginx.");
        }
        int grpc = Ports.Free(), http = Ports.Free();
        var folder = Directory.CreateTempSubdirectory("newsmesh-nginx-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), Config(folder, grpc, http, grpcUpstream, httpUpstream));
        var process = Process.Start(new ProcessStartInfo(Binary, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var nginx = new NginxProcess(process, folder, grpc, http);
        try
        {
            await WaitForAsync(grpc);
            await WaitForAsync(http);
        }
        catch
        {
            await nginx.DisposeAsync();
            throw;
        }
        return nginx;
    }

    /// <summary>nginx's own processes' peak memory: the master and its workers, the largest of them.</summary>
    public long PeakMemory() => ProcessIds().Select(ProcessMemory.Peak).DefaultIfEmpty(0).Max();

    /// <summary>The master and its workers.</summary>
    public IEnumerable<int> ProcessIds() => Directory.EnumerateDirectories("/proc")
        .Select(d => Path.GetFileName(d))
        .Where(d => int.TryParse(d, out _))
        .Select(int.Parse)
        .Where(pid => pid == _process.Id || ParentOf(pid) == _process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            MemoryLedger.Record("nginx (largest of its processes)", PeakMemory());
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            return line is null ? 0 : int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task WaitForAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"nginx did not listen on {port}.");
    }

    /// <summary>As a user would set it up: a worker per core, keep-alive to the upstreams, logs off the hot path.</summary>
    private static string Config(string folder, int grpc, int http, string grpcUpstream, string httpUpstream) =>
        $$"""
        daemon off;
        worker_processes auto;
        pid {{folder}}/nginx.pid;
        error_log {{folder}}/error.log warn;
        events { worker_connections 4096; }
        http {
            access_log off;
            client_body_temp_path {{folder}}/body;
            proxy_temp_path {{folder}}/proxy;
            fastcgi_temp_path {{folder}}/fastcgi;
            uwsgi_temp_path {{folder}}/uwsgi;
            scgi_temp_path {{folder}}/scgi;
            # Connections are never closed for having served many requests (by default 1000 each, in and out).
            keepalive_requests 1000000;
            upstream articles_grpc { server {{grpcUpstream}}; keepalive 32; keepalive_requests 1000000; }
            upstream articles_http { server {{httpUpstream}}; keepalive 64; keepalive_requests 1000000; }
            server {
                listen 127.0.0.1:{{grpc}} http2;
                location /newsmesh.article.v1.ArticleService/ { grpc_pass grpc://articles_grpc; }
            }
            server {
                listen 127.0.0.1:{{http}};
                location /v1/articles { proxy_pass http://articles_http; proxy_http_version 1.1; proxy_set_header Connection ""; }
            }
        }
        """;
}
