using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.AspNetCore.Http;
using HttpResponse = Microsoft.AspNetCore.Http.HttpResponse;

namespace NewsMesh.ServiceDefaults.Errors;

/// <summary>
/// A <c>google.rpc.Status</c> as JSON, in the shape JSON transcoding writes errors, for the answers that plain HTTP
/// code gives (size limits, unhandled exceptions, renditions, the gateway's own refusals): clients read one shape.
/// </summary>
public static class StatusJson
{
    /// <summary>The details statuses carry, so they are written with their types.</summary>
    public static readonly TypeRegistry Details = TypeRegistry.FromMessages(
        BadRequest.Descriptor, ErrorInfo.Descriptor, PreconditionFailure.Descriptor, ResourceInfo.Descriptor);

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(Details));

    public static string Format(Code code, string message, IMessage? detail = null)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        if (detail is not null)
        {
            status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(detail));
        }
        return Formatter.Format(status);
    }

    /// <summary>Answers with <paramref name="httpStatus"/> and the status as the body.</summary>
    public static Task WriteAsync(HttpResponse response, int httpStatus, Code code, string message, CancellationToken ct)
    {
        response.StatusCode = httpStatus;
        response.ContentType = "application/json";
        return response.WriteAsync(Format(code, message), ct);
    }
}
