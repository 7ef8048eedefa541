using System.Globalization;
using NewsMesh.Web.Gateway;

namespace NewsMesh.Web.Http;

/// <summary>A page the gateway could not help make is a 503 with <c>Retry-After</c>, shown by the status page, never an error trace.</summary>
public sealed class GatewayFailures(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (GatewayUnavailableException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = e.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}
