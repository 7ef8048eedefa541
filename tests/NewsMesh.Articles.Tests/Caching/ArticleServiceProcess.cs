using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Caching;

/// <summary>The article service as a process of its own (a replica), started from the build output beside the tests.</summary>
public sealed class ArticleServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly GrpcChannel _channel;

    private ArticleServiceProcess(Process process, int grpcPort, int httpPort)
    {
        _process = process;
        HttpPort = httpPort;
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Client = new ArticleService.ArticleServiceClient(_channel);
    }

    public ArticleService.ArticleServiceClient Client { get; }
    public int HttpPort { get; }

    public static async Task<ArticleServiceProcess> StartAsync(string dataDirectory, string redis)
    {
        int grpc = FreePorts.Next(), http = FreePorts.Next();
        var process = Process.Start(new ProcessStartInfo("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "NewsMesh.Articles.dll"),
            "--Endpoints:BindAddress=127.0.0.1",
            "--Endpoints:GrpcPort=" + grpc.ToString(CultureInfo.InvariantCulture),
            "--Endpoints:HttpPort=" + http.ToString(CultureInfo.InvariantCulture),
            "--Storage:DataDirectory=" + dataDirectory,
            "--Cache:Redis=" + redis,
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var replica = new ArticleServiceProcess(process, grpc, http);
        using var http1 = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await RpcAssert.Eventually(async () =>
        {
            Assert.False(process.HasExited, "the replica exited while starting");
            try
            {
                return (await http1.GetAsync($"http://127.0.0.1:{http}/healthz/ready")).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the replica to be ready");
        return replica;
    }

    public async Task<string> MetricsAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync($"http://127.0.0.1:{HttpPort}/metrics");
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
