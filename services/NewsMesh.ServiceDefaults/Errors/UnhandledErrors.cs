using System.Data.Common;
using Google.Rpc;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace NewsMesh.ServiceDefaults.Errors;

/// <summary>
/// The answer to a plain HTTP request (not gRPC, which has its own) that failed with an exception: a
/// <c>google.rpc.Status</c> as JSON, 503 when the database is unreachable and 500 otherwise, never the exception.
/// The exception handler middleware logs the cause and clears any headers the endpoint had set.
/// </summary>
public static class UnhandledErrors
{
    public static Task WriteAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var unavailable = error is DbException || error?.InnerException is DbException;
        context.Response.Headers.CacheControl = "no-store";
        return unavailable
            ? StatusJson.WriteAsync(context.Response, StatusCodes.Status503ServiceUnavailable, Code.Unavailable,
                "The database is not reachable; retry shortly.", context.RequestAborted)
            : StatusJson.WriteAsync(context.Response, StatusCodes.Status500InternalServerError, Code.Internal,
                "The request failed; the cause is logged.", context.RequestAborted);
    }
}
