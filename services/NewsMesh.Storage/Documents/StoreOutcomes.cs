using System.Data.Common;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using NewsMesh.ServiceDefaults.Errors;

namespace NewsMesh.Storage.Documents;

/// <summary>
/// The one place store outcomes become statuses: <see cref="StoreException"/>s as NOT_FOUND, ALREADY_EXISTS and
/// ABORTED with their details, and a database that cannot be reached (down, busy past its timeout, gone) as
/// UNAVAILABLE (503 as JSON), the caller's cue to retry. The cause of an outage goes to the log, never to the caller.
/// </summary>
public sealed partial class StoreOutcomes(ILogger<StoreOutcomes> logger) : Interceptor
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
        catch (StoreException e)
        {
            Throw(e);
            throw;
        }
        catch (Exception e) when (e is DbException or TimeoutException || e.InnerException is DbException)
        {
            LogDatabaseUnavailable(e, context.Method);
            RpcErrors.ThrowUnavailable("The database is not reachable; retry shortly.", "DATABASE_UNAVAILABLE");
            throw;
        }
    }

    /// <summary>The status <paramref name="outcome"/> is answered with.</summary>
    public static void Throw(StoreException outcome)
    {
        switch (outcome.Outcome)
        {
            case StoreOutcome.NotFound:
                RpcErrors.ThrowNotFound(outcome.ResourceType, outcome.Resource);
                break;
            case StoreOutcome.AlreadyExists:
                RpcErrors.ThrowAlreadyExists(outcome.Reason, outcome.Message, outcome.Facts.ToDictionary());
                break;
            case StoreOutcome.EtagMismatch:
                RpcErrors.ThrowStaleEtag(outcome.Resource, outcome.Etags.Sent, outcome.Etags.Current);
                break;
        }
    }

    [LoggerMessage(LogLevel.Error, "Database unavailable during {Method}")]
    private partial void LogDatabaseUnavailable(Exception exception, string method);
}
