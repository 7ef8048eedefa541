using System.Globalization;
using Google.Rpc;
using NewsMesh.ServiceDefaults.Errors;
using Yarp.ReverseProxy.Forwarder;

namespace NewsMesh.Gateway.Proxy;

/// <summary>
/// What a caller gets when the gateway cannot reach a service: 503 (a dead or unhealthy service: retry) or
/// 504 (it accepted the request and went quiet), with a <c>google.rpc.Status</c> body for JSON callers, at
/// once rather than after a client's own timeout; gRPC callers read the HTTP status as UNAVAILABLE. A body over
/// the route's limit is the caller's own error: 413, or RESOURCE_EXHAUSTED over gRPC.
/// </summary>
public static class ProxyFailures
{
    public static async Task AnswerAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.GetForwarderErrorFeature() is not { } failure || context.Response.HasStarted)
        {
            return;
        }
        var grpc = GrpcProtocol.IsGrpcRequest(context.Request);
        if (IsBodyTooLarge(failure.Exception))
        {
            // The caller's request broke the limit: its mistake, not the service's.
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            if (grpc)
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/grpc";
                context.Response.Headers["grpc-status"] = ((int)Grpc.Core.StatusCode.ResourceExhausted).ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["grpc-message"] = "The request is larger than the gateway accepts on this route.";
            }
            return;
        }
        var answer = failure.Error switch
        {
            ForwarderError.RequestTimedOut => StatusCodes.Status504GatewayTimeout,
            ForwarderError.Request or ForwarderError.RequestCreation or ForwarderError.NoAvailableDestinations
                or ForwarderError.RequestBodyDestination => StatusCodes.Status503ServiceUnavailable,
            // The client went away or sent a broken body, or the service broke off its answer: YARP's status stands.
            _ => (int?)null,
        };
        if (answer is not { } status)
        {
            return;
        }
        var cluster = context.GetReverseProxyFeature().Cluster?.Config.ClusterId ?? "the";
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }
        if (grpc)
        {
            return;
        }
        await (status == StatusCodes.Status504GatewayTimeout
            ? StatusJson.WriteAsync(context.Response, status, Code.DeadlineExceeded, $"The {cluster} service did not answer in time.", context.RequestAborted)
            : StatusJson.WriteAsync(context.Response, status, Code.Unavailable, $"The {cluster} service cannot be reached; retry shortly.", context.RequestAborted));
    }

    private static bool IsBodyTooLarge(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }
        return false;
    }
}
