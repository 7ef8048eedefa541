using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using NewsMesh.ServiceDefaults.Errors;

namespace NewsMesh.ServiceDefaults.Identity;

/// <summary>
/// A request that carries credentials which do not hold is refused with UNAUTHENTICATED (401 with
/// <c>WWW-Authenticate: Bearer</c>), on reads as on writes: it is never served as if it were anonymous, so a
/// client learns at once that its token is bad instead of silently seeing less. A valid token makes its caller
/// known to the rest of the request (<see cref="IdentityExtensions.GetCaller"/>); a token must name a subject of at
/// most <see cref="Caller.MaxSubjectLength"/> characters. Every refusal leaves an audit line. Health probes carry
/// no tokens.
/// </summary>
public sealed partial class BearerTokenCheck(RequestDelegate next, IOptions<AuthOptions> options, ILoggerFactory loggers)
{
    private readonly string _rolesClaim = options.Value.RolesClaim;
    private readonly ILogger _audit = loggers.CreateLogger("NewsMesh.Audit");

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count == 0 || context.Request.Path.StartsWithSegments("/healthz"))
        {
            await next(context);
            return;
        }
        var result = await context.AuthenticateAsync();
        var subject = result.Principal?.FindFirst("sub")?.Value ?? "";
        var refusal = !result.Succeeded ? Reason(result)
            : subject.Length == 0 ? "The bearer token names no subject."
            : subject.Length > Caller.MaxSubjectLength ? $"The bearer token's subject is longer than {Caller.MaxSubjectLength} characters."
            : null;
        if (refusal is not null)
        {
            LogRefused(context.Request.Method, context.Request.Path.Value ?? "", refusal, context.TraceIdentifier);
            await RefuseAsync(context, refusal);
            return;
        }
        context.Features.Set(Caller.From(result.Principal!, _rolesClaim));
        await next(context);
    }

    /// <summary>UNAUTHENTICATED in the caller's protocol: a gRPC status, or 401 with a <c>google.rpc.Status</c> body.</summary>
    public static Task RefuseAsync(HttpContext context, string message)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        var info = new ErrorInfo { Reason = "TOKEN_INVALID", Domain = RpcErrors.Domain };
        if (GrpcProtocol.IsGrpcRequest(context.Request))
        {
            var status = new Google.Rpc.Status { Code = (int)Code.Unauthenticated, Message = message, Details = { Any.Pack(info) } };
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = ((int)Code.Unauthenticated).ToString(CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
            return Task.CompletedTask;
        }
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.ContentType = "application/json";
        return response.WriteAsync(StatusJson.Format(Code.Unauthenticated, message, info), context.RequestAborted);
    }

    [LoggerMessage(LogLevel.Information, "Refused a bearer token on {Method} {Path}: {Reason} trace {TraceId}")]
    private partial void LogRefused(string method, string path, string reason, string traceId);

    /// <summary>Why the token failed, in a few words and without echoing any of it.</summary>
    private static string Reason(AuthenticateResult result) => result.Failure switch
    {
        null => "Only Bearer tokens are accepted.",
        SecurityTokenExpiredException => "The bearer token has expired.",
        SecurityTokenNotYetValidException => "The bearer token is not valid yet.",
        SecurityTokenInvalidIssuerException => "The bearer token's issuer is not accepted.",
        SecurityTokenInvalidAudienceException => "The bearer token's audience is not accepted.",
        SecurityTokenInvalidAlgorithmException => "The bearer token's signature algorithm is not accepted.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The bearer token's signature is not valid.",
        _ => "The bearer token is not valid.",
    };
}
