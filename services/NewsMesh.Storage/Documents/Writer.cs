using Grpc.Core;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Storage.Documents;

/// <summary>Who makes a write, with which role, through which RPC: what a resource records as its actor, and a revision of its write.</summary>
public sealed record Writer(string Subject, string Role, string Rpc)
{
    /// <summary>The caller of the RPC that <paramref name="context"/> serves.</summary>
    public static Writer Of(ServerCallContext context)
    {
        var caller = context.GetHttpContext().GetCaller();
        return new Writer(caller.Subject, caller.Role, context.Method[(context.Method.LastIndexOf('/') + 1)..]);
    }
}
