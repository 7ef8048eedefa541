using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace NewsMesh.Gateway.Proxy;

/// <summary>
/// Lets a route accept a larger body than the gateway's limit (<c>Endpoints:MaxRequestBytes</c>), from the route's
/// <c>MaxRequestBodyBytes</c> metadata: the media upload stream carries up to 25 MiB, every other request far less.
/// </summary>
public static class RequestBodyLimits
{
    public const string MetadataKey = "MaxRequestBodyBytes";

    public static Task ApplyAsync(HttpContext context, Func<Task> next)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>();
        if (route?.Config.Metadata?.TryGetValue(MetadataKey, out var value) == true
            && long.TryParse(value, out var limit)
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }
        return next();
    }
}
