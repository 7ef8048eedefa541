using Google.Protobuf;
using Google.Rpc;
using NewsMesh.ServiceDefaults.Errors;
using Yarp.ReverseProxy.Forwarder;

namespace NewsMesh.Gateway.Proxy;

/// <summary>
/// What a caller gets when the gateway cannot reach a service: 503 (a dead or unhealthy service: retry) or
/// 504 (it accepted the request and went quiet), with a <c>google.rpc.Status</c> body for JSON callers, at
/// once rather than after a client's own timeout. gRPC callers read the HTTP status as UNAVAILABLE.
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
        var timedOut = failure.Error is ForwarderError.RequestTimedOut;
        var cluster = context.GetReverseProxyFeature().Cluster?.Config.ClusterId ?? "the";
        context.Response.StatusCode = timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.CacheControl = "no-store";
        if (!timedOut)
        {
            context.Response.Headers.RetryAfter = "1";
        }
        if (GrpcProtocol.IsGrpcRequest(context.Request))
        {
            return;
        }
        context.Response.ContentType = "application/json";
        var status = new Google.Rpc.Status
        {
            Code = (int)(timedOut ? Code.DeadlineExceeded : Code.Unavailable),
            Message = timedOut
                ? $"The {cluster} service did not answer in time."
                : $"The {cluster} service cannot be reached; retry shortly.",
        };
        await context.Response.WriteAsync(JsonFormatter.Default.Format(status), context.RequestAborted);
    }
}
