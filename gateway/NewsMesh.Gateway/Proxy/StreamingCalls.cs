using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace NewsMesh.Gateway.Proxy;

/// <summary>
/// The proxy sends a response's headers with its first bytes of body; a server stream (a change feed's watch) sends
/// its headers at once to say it is under way, and may then be quiet for long. For those, the headers are passed on
/// as soon as they come.
/// </summary>
public static class StreamingCalls
{
    private static readonly HashSet<string> Paths = MeshContracts.Services
        .SelectMany(s => s.Methods.Where(m => m.IsServerStreaming).Select(m => $"/{s.FullName}/{m.Name}"))
        .ToHashSet(StringComparer.Ordinal);

    public static void FlushHeaders(TransformBuilderContext transforms) => transforms.AddResponseTransform(async context =>
    {
        if (context.ProxyResponse is { IsSuccessStatusCode: true } && Paths.Contains(context.HttpContext.Request.Path.Value ?? ""))
        {
            await context.HttpContext.Response.Body.FlushAsync(context.HttpContext.RequestAborted);
        }
    });
}
