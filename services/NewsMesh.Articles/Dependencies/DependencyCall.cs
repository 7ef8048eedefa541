using Google.Rpc;
using Grpc.Core;
using NewsMesh.ServiceDefaults.Errors;

namespace NewsMesh.Articles.Dependencies;

/// <summary>
/// One call to another service on behalf of a write. The caller's deadline travels on, shortened to our own
/// timeout for that dependency. NOT_FOUND comes back as the name of the missing resource, for the caller to
/// turn into field violations; any other failure is UNAVAILABLE, and nothing is written.
/// </summary>
public static class DependencyCall
{
    public static async Task<(T? Response, string? Missing)> RunAsync<T>(
        Func<DateTime, CancellationToken, Task<T>> call, ServerCallContext context, TimeSpan timeout, TimeProvider clock,
        string failure, string reason)
        where T : class
    {
        var deadline = clock.GetUtcNow().UtcDateTime + timeout;
        try
        {
            return (await call(context.Deadline < deadline ? context.Deadline : deadline, context.CancellationToken), null);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return (null, e.GetRpcStatus()?.GetDetail<ResourceInfo>()?.ResourceName ?? "");
        }
        catch (RpcException e) when (!context.CancellationToken.IsCancellationRequested)
        {
            RpcErrors.ThrowUnavailable($"{failure} ({e.StatusCode}); nothing was written. Retry shortly.", reason);
            throw;
        }
    }
}
