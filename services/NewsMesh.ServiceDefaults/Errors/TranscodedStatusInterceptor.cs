using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;

namespace NewsMesh.ServiceDefaults.Errors;

/// <summary>
/// JSON transcoding maps gRPC codes to HTTP the way Google's gateway does. Two codes get the HTTP status
/// that says more to a web client: a stale etag is an If-Match failure (412, not 409), and a request over
/// the size limit is a payload too large (413, not 429).
/// </summary>
public sealed class TranscodedStatusInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException e) when (HttpStatusFor(e.StatusCode) is { } status)
        {
            var http = context.GetHttpContext();
            if (!GrpcProtocol.IsGrpcRequest(http.Request))
            {
                http.Response.OnStarting(() =>
                {
                    http.Response.StatusCode = status;
                    return Task.CompletedTask;
                });
            }
            throw;
        }
    }

    public static int? HttpStatusFor(StatusCode code) => code switch
    {
        StatusCode.Aborted => StatusCodes.Status412PreconditionFailed,
        StatusCode.ResourceExhausted => StatusCodes.Status413PayloadTooLarge,
        _ => null,
    };
}
