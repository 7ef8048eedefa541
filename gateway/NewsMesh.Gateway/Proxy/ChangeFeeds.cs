using Google.Rpc;
using NewsMesh.Contracts;
using NewsMesh.ServiceDefaults.Errors;

namespace NewsMesh.Gateway.Proxy;

/// <summary>
/// <c>GET /v1/changes?service=...</c>: every service answers <c>/v1/changes</c> with its own feed, so the proxy's
/// routes pick the service by the <c>service</c> parameter (and drop it). A request naming none of them gets here.
/// </summary>
public static class ChangeFeeds
{
    public const string Path = "/v1/changes";

    /// <summary>The services with a feed, by the name the parameter takes: the catalogue's, whose clusters the routes go to.</summary>
    public static readonly IReadOnlyList<string> Services = [.. Feeds.Content.Select(f => f.Name)];

    public static IEndpointConventionBuilder MapUnknownFeed(this IEndpointRouteBuilder app) =>
        app.MapMethods(Path, ["GET", "HEAD"], (HttpContext context) =>
        {
            var description = $"must name the feed to read: one of {string.Join(", ", Services)}";
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.Headers.CacheControl = "no-store";
            return Results.Text(StatusJson.Format(Code.InvalidArgument, "service: " + description, new BadRequest
            {
                FieldViolations = { new BadRequest.Types.FieldViolation { Field = "service", Description = description } },
            }), "application/json", statusCode: StatusCodes.Status400BadRequest);
        })
        // Behind the proxy's routes, which match the same path when the parameter names a service.
        .WithOrder(1);
}
