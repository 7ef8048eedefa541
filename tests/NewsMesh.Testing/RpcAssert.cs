using Google.Rpc;
using Grpc.Core;
using NewsMesh.Aip;

namespace NewsMesh.Testing;

public static class RpcAssert
{
    /// <summary>What a .NET stack frame looks like in text: no response may carry one.</summary>
    public const string StackFrame = @"\bat [\w.`<>]+\.[\w<>]+\(";

    /// <summary>Awaits <paramref name="call"/> and asserts it failed with <paramref name="code"/>; returns the rich status.</summary>
    public static async Task<Google.Rpc.Status> FailsWith(StatusCode code, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, e.StatusCode);
        var status = e.GetRpcStatus();
        Assert.NotNull(status);
        Assert.DoesNotMatch(StackFrame, status.Message);
        return status;
    }

    /// <summary>Asserts INVALID_ARGUMENT whose BadRequest names exactly <paramref name="fields"/> (in any order).</summary>
    public static async Task<BadRequest> InvalidArgument(Func<Task> call, params string[] fields)
    {
        var status = await FailsWith(StatusCode.InvalidArgument, call);
        var badRequest = status.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(fields.Order(), badRequest.FieldViolations.Select(v => v.Field).Distinct().Order());
        return badRequest;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.");
            }
            await Task.Delay(50);
        }
    }
}
