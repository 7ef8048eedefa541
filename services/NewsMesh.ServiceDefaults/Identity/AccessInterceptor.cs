using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NewsMesh.ServiceDefaults.Errors;

namespace NewsMesh.ServiceDefaults.Identity;

/// <summary>
/// Holds every RPC to its row of the access rules before it runs: UNAUTHENTICATED (401) for a call that needs a
/// role and has no token, PERMISSION_DENIED (403) for a token without the role; a method in no table is refused
/// to everyone. Every call that is not open to anyone (the writes) leaves one audit line: subject, role, RPC,
/// resource, outcome and trace id, and nothing of the token.
/// </summary>
public sealed partial class AccessInterceptor(IEnumerable<RpcAccessRules> tables, ILoggerFactory loggers) : Interceptor
{
    private readonly RpcAccessRules[] _tables = tables.ToArray();
    private readonly ILogger _audit = loggers.CreateLogger("NewsMesh.Audit");

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, request, () => continuation(request, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync<TResponse>(context, null, () => continuation(requestStream, context));

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await GuardAsync<object?>(context, request, async () =>
        {
            await continuation(request, responseStream, context);
            return null;
        });
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await GuardAsync<object?>(context, null, async () =>
        {
            await continuation(requestStream, responseStream, context);
            return null;
        });
    }

    /// <summary>Open calls go straight through (no state machine on the hot path); the others are checked and audited.</summary>
    private Task<TResponse> GuardAsync<TResponse>(ServerCallContext context, object? request, Func<Task<TResponse>> call)
    {
        var access = Find(context.Method);
        return access == Access.Anyone ? call() : GuardedAsync(context, request, access, call);
    }

    private async Task<TResponse> GuardedAsync<TResponse>(ServerCallContext context, object? request, Access? access, Func<Task<TResponse>> call)
    {
        var http = context.GetHttpContext();
        var caller = http.GetCaller();
        try
        {
            if (!caller.IsAuthenticated)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                RpcErrors.ThrowUnauthenticated($"{Rpc(context.Method)} needs a bearer token.");
            }
            if (access is not { } needed || !caller.Has(needed))
            {
                RpcErrors.ThrowPermissionDenied(access is { } role
                    ? $"{Rpc(context.Method)} needs the role {role.ToString().ToLowerInvariant()} or above."
                    : $"{Rpc(context.Method)} is open to no caller.",
                    new Dictionary<string, string> { ["rpc"] = Rpc(context.Method), ["needs"] = access?.ToString().ToLowerInvariant() ?? "nobody" });
            }
            var response = await call();
            LogWrite(caller.Subject, caller.Role, Rpc(context.Method), ResourceOf(response) ?? ResourceOf(request) ?? "", StatusCode.OK, TraceId(http));
            return response;
        }
        catch (RpcException e)
        {
            LogWrite(caller.Subject, caller.Role, Rpc(context.Method), ResourceOf(request) ?? "", e.StatusCode, TraceId(http));
            throw;
        }
        catch (OperationCanceledException)
        {
            LogWrite(caller.Subject, caller.Role, Rpc(context.Method), ResourceOf(request) ?? "", StatusCode.Cancelled, TraceId(http));
            throw;
        }
        catch (Exception)
        {
            LogWrite(caller.Subject, caller.Role, Rpc(context.Method), ResourceOf(request) ?? "", StatusCode.Internal, TraceId(http));
            throw;
        }
    }

    private Access? Find(string method)
    {
        foreach (var table in _tables)
        {
            if (table.TryFind(method, out var access))
            {
                return access;
            }
        }
        // A method nobody gave a row: nobody may call it.
        return null;
    }

    private static string Rpc(string method) => method[(method.LastIndexOf('/') + 1)..];

    /// <summary>
    /// The trace the call belongs to: the current span's when traces are recorded, otherwise the caller's own
    /// (W3C <c>traceparent</c>), otherwise the request's id, so that an audit line can always be matched to its call.
    /// </summary>
    private static string TraceId(HttpContext http) =>
        Activity.Current?.TraceId.ToHexString()
        ?? (http.Request.Headers["traceparent"].ToString() is { Length: 55 } parent && parent[2] == '-' && parent[3..35].All(char.IsAsciiHexDigitLower)
            ? parent[3..35]
            : http.TraceIdentifier);

    /// <summary>The resource a message names: its own <c>name</c>, or that of the resource it carries (an update's).</summary>
    private static string? ResourceOf(object? message)
    {
        if (message is not IMessage { Descriptor: var descriptor } proto)
        {
            return null;
        }
        if (descriptor.FindFieldByName("name") is { FieldType: FieldType.String } name && name.Accessor.GetValue(proto) is string { Length: > 0 } value)
        {
            return value;
        }
        return descriptor.Fields.InFieldNumberOrder()
            .Where(f => f.FieldType == FieldType.Message && !f.IsRepeated)
            .Select(f => f.Accessor.GetValue(proto) as IMessage)
            .Select(m => m?.Descriptor.FindFieldByName("name") is { FieldType: FieldType.String } inner ? inner.Accessor.GetValue(m) as string : null)
            .FirstOrDefault(n => n is { Length: > 0 });
    }

    [LoggerMessage(LogLevel.Information, "Write {Rpc} on {Resource} by {Subject} ({Role}): {Outcome} trace {TraceId}")]
    private partial void LogWrite(string subject, string role, string rpc, string resource, StatusCode outcome, string traceId);
}
