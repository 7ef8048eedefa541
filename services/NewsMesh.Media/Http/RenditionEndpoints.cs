using Google.Protobuf;
using Google.Rpc;
using Microsoft.Net.Http.Headers;
using NewsMesh.Contracts;
using NewsMesh.Aip;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Text;
using NewsMesh.Media.Data;
using NewsMesh.Media.Domain;
using NewsMesh.Media.Imaging;
using NewsMesh.Media.Originals;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.ServiceDefaults.Http;
using ContentHttpResult = Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Http;

/// <summary>
/// Renditions as plain HTTP: <c>GET /media/{id}/{aspect}/{size}.{jpg|webp}?v={version}</c>. With the current
/// version the response may be cached for a year; without one, for five minutes; either way never past the end of
/// the photo's licence, after which every rendition answers 451 (Unavailable For Legal Reasons). An old version
/// redirects to the current one, so pages cached with old URLs still show the picture. Errors are not cached;
/// other failures reach the service's exception handler, which answers with a status and logs the cause.
/// </summary>
public static partial class RenditionEndpoints
{
    public const string Immutable = "public, max-age=31536000, immutable";
    public const string Unversioned = "public, max-age=300";

    public static IEndpointRouteBuilder MapRenditions(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/media/{id}/{aspect}/{file}", [HttpMethods.Get, HttpMethods.Head], ServeAsync);
        return app;
    }

    private static async Task<IResult> ServeAsync(
        HttpContext http, string id, string aspect, string file, MediaStore store, RenditionFiles renditions, TimeProvider clock, ILoggerFactory loggers)
    {
        // Errors are never cached: only the answers below that carry the rendition or its validator say how long.
        http.Response.Headers.CacheControl = "no-store";
        var (plan, media, problem) = await PlanAsync(id, aspect, file, store, http.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }
        var now = clock.GetUtcNow();
        if (MediaRights.IsWithdrawn(media!, now))
        {
            return Withdrawn(media!);
        }
        var version = http.Request.Query["v"].ToString();
        if (version.Length > 0 && version != plan!.Version)
        {
            return TypedResults.Redirect(plan.Uri);
        }
        var caching = Caching(version.Length > 0, MediaRights.KeepUntil([media!], now));
        var etag = new EntityTagHeaderValue(plan!.ETag);
        if (ETags.ClientHas(http.Request, etag))
        {
            // Answered before any work: a client that has the bytes never makes the service draw them.
            http.Response.Headers.CacheControl = caching;
            http.Response.Headers.ETag = plan.ETag;
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        FileStream bytes;
        try
        {
            // Opened here, not by the result: a delete that lands now cannot take the file from under the response.
            // Unbuffered: the response copies through a pooled buffer of its own, and a buffer per request here
            // was 64 KB of garbage for every image served.
            var path = await renditions.GetAsync(plan, http.RequestAborted);
            bytes = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, System.IO.FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is OriginalGoneException or FileNotFoundException or DirectoryNotFoundException)
        {
            return NotFound(plan.MediaId);
        }
        catch (InvalidDataException e)
        {
            LogFailed(loggers.CreateLogger(typeof(RenditionEndpoints)), e, plan.Uri);
            return Problem(StatusCodes.Status500InternalServerError, Code.Internal, "The rendition could not be made; the failure is logged.");
        }
        http.Response.Headers.CacheControl = caching;
        return TypedResults.File(bytes, plan.Format.ContentType, entityTag: etag);
    }

    /// <summary>
    /// How long the rendition may be kept: a year for a versioned URL, five minutes for an unversioned one, and in
    /// either case no longer than until the licence ends.
    /// </summary>
    public static string Caching(bool versioned, TimeSpan? licence)
    {
        if (licence is not { } left || left >= (versioned ? TimeSpan.FromDays(365) : TimeSpan.FromMinutes(5)))
        {
            return versioned ? Immutable : Unversioned;
        }
        return "public, max-age=" + ((long)left.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<(RenditionPlan? Plan, MediaResource? Media, IResult? Problem)> PlanAsync(
        string id, string aspectName, string file, MediaStore store, CancellationToken ct)
    {
        var violations = new BadRequest();
        void Bad(string field, string description) =>
            violations.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });

        if (!TextRules.IsResourceId(id))
        {
            Bad("media", "must be a media id: letters, digits, hyphens and underscores, at most 64");
        }
        var aspect = RenditionCatalog.FindAspect(aspectName);
        if (aspect is null)
        {
            Bad("aspect", $"must be one of {RenditionCatalog.AspectNames}");
        }
        var dot = file.LastIndexOf('.');
        var size = dot > 0 ? RenditionCatalog.FindSizeByPath(file[..dot]) : null;
        var format = dot > 0 ? ImageFormat.RenditionFromExtension(file[(dot + 1)..]) : null;
        if (size is null)
        {
            Bad("size", $"must be one of {RenditionCatalog.SizePaths}, as in md.webp");
        }
        if (format is null)
        {
            Bad("format", "must be jpg or webp, as in md.webp");
        }
        if (violations.FieldViolations.Count > 0)
        {
            var summary = string.Join("; ", violations.FieldViolations.Select(v => $"{v.Field}: {v.Description}"));
            return (null, null, Problem(StatusCodes.Status400BadRequest, Code.InvalidArgument, summary, violations));
        }

        var media = await store.GetAsync(id, ct);
        return media is null ? (null, null, NotFound(id)) : (RenditionPlan.For(media, aspect!, size!, format!), media, null);
    }

    private static ContentHttpResult Withdrawn(MediaResource media) =>
        Problem(StatusCodes.Status451UnavailableForLegalReasons, Code.FailedPrecondition,
            $"{media.Name} is withdrawn: its licence ended at {media.Rights.ExpireTime.ToDateTimeOffset():O}.",
            new ErrorInfo { Reason = "RIGHTS_EXPIRED", Domain = "media.newsmesh.dev", Metadata = { ["media"] = media.Name } });

    private static ContentHttpResult NotFound(string id)
    {
        var name = Resources.Media.Name(id);
        return Problem(StatusCodes.Status404NotFound, Code.NotFound, $"{name} was not found.",
            new ResourceInfo { ResourceType = Resources.Media.Type, ResourceName = name, Description = "Not found." });
    }

    /// <summary>A <c>google.rpc.Status</c> as JSON, as JSON transcoding writes errors, so clients read one shape.</summary>
    private static ContentHttpResult Problem(int httpStatus, Code code, string message, IMessage? detail = null) =>
        TypedResults.Content(StatusJson.Format(code, message, detail), "application/json", statusCode: httpStatus);

    [LoggerMessage(LogLevel.Error, "Could not make {Rendition}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string rendition);
}
