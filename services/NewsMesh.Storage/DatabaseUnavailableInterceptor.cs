using System.Data.Common;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using NewsMesh.ServiceDefaults.Errors;

namespace NewsMesh.Storage;

/// <summary>
/// A database that cannot be reached (down, busy past its timeout, gone) is the caller's cue to retry, so it is
/// UNAVAILABLE (503 as JSON), not UNKNOWN. The cause goes to the log, never to the caller.
/// </summary>
public sealed partial class DatabaseUnavailableInterceptor(ILogger<DatabaseUnavailableInterceptor> logger) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(() => continuation(request, context), context);

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(() => continuation(requestStream, context), context);

    private async Task<TResponse> GuardAsync<TResponse>(Func<Task<TResponse>> call, ServerCallContext context)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is DbException or TimeoutException || e.InnerException is DbException)
        {
            LogDatabaseUnavailable(e, context.Method);
            RpcErrors.ThrowUnavailable("The database is not reachable; retry shortly.", "DATABASE_UNAVAILABLE");
            throw;
        }
    }

    [LoggerMessage(LogLevel.Error, "Database unavailable during {Method}")]
    private partial void LogDatabaseUnavailable(Exception exception, string method);
}
