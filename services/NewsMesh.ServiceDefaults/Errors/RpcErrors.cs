using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using NewsMesh.Aip;
using NewsMesh.Aip.Names;

namespace NewsMesh.ServiceDefaults.Errors;

/// <summary>
/// The one way services report errors: a <c>google.rpc.Status</c> with machine-readable details, carried in
/// the <c>grpc-status-details-bin</c> trailer (and as the JSON body through transcoding).
/// </summary>
public static class RpcErrors
{
    public const string Domain = "newsmesh.dev";

    [DoesNotReturn]
    public static void ThrowInvalidArgument(IReadOnlyCollection<FieldViolation> violations)
    {
        ArgumentOutOfRangeException.ThrowIfZero(violations.Count);
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v =>
            new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        var summary = violations.Count == 1
            ? $"{violations.First().Field}: {violations.First().Description}"
            : $"{violations.Count} fields are invalid; see the BadRequest details.";
        throw Build(Code.InvalidArgument, summary, badRequest);
    }

    /// <summary>INVALID_ARGUMENT naming every violation, when there is any.</summary>
    public static void ThrowIfAny(IReadOnlyCollection<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            ThrowInvalidArgument(violations);
        }
    }

    /// <summary>The id in <paramref name="name"/> (<c>collection/{id}</c>), or INVALID_ARGUMENT naming <paramref name="field"/>.</summary>
    public static string ParseName(string name, ResourcePattern pattern, string field)
    {
        if (!pattern.TryParse(name, out var id))
        {
            ThrowInvalidArgument(field, $"must be a resource name of the form {pattern.Form}");
        }
        return id;
    }

    [DoesNotReturn]
    public static void ThrowInvalidArgument(string field, string description) =>
        ThrowInvalidArgument([new FieldViolation(field, description)]);

    [DoesNotReturn]
    public static void ThrowNotFound(string resourceType, string resourceName) =>
        throw Build(Code.NotFound, $"{resourceName} was not found.",
            new ResourceInfo { ResourceType = resourceType, ResourceName = resourceName, Description = "Not found." });

    [DoesNotReturn]
    public static void ThrowAlreadyExists(string reason, string message, IDictionary<string, string> metadata) =>
        throw Build(Code.AlreadyExists, message, ErrorInfo(reason, metadata));

    /// <summary>The resource is not in a state that allows the call (a state machine said no).</summary>
    [DoesNotReturn]
    public static void ThrowFailedPrecondition(string type, string subject, string description) =>
        throw Build(Code.FailedPrecondition, description, new PreconditionFailure
        {
            Violations = { new PreconditionFailure.Types.Violation { Type = type, Subject = subject, Description = description } },
        });

    /// <summary>The caller's etag is not the current one: re-read and retry.</summary>
    [DoesNotReturn]
    public static void ThrowStaleEtag(string resourceName, string sentEtag, string currentEtag) =>
        throw Build(Code.Aborted, $"{resourceName} has changed since etag {sentEtag}; read it again and retry.",
            ErrorInfo("ETAG_MISMATCH", new Dictionary<string, string>
            {
                ["resource"] = resourceName,
                ["etag"] = sentEtag,
                ["current_etag"] = currentEtag,
            }));

    /// <summary>The call needs a caller who says who it is (a bearer token), and it has none.</summary>
    [DoesNotReturn]
    public static void ThrowUnauthenticated(string message) =>
        throw Build(Code.Unauthenticated, message, ErrorInfo("TOKEN_MISSING", new Dictionary<string, string>()));

    /// <summary>The caller is known, and may not do this.</summary>
    [DoesNotReturn]
    public static void ThrowPermissionDenied(string message, IDictionary<string, string> metadata) =>
        throw Build(Code.PermissionDenied, message, ErrorInfo("PERMISSION_DENIED", metadata));

    [DoesNotReturn]
    public static void ThrowUnavailable(string message, string reason) =>
        throw Build(Code.Unavailable, message, ErrorInfo(reason, new Dictionary<string, string>()));

    /// <summary>The request names a place outside what exists (a cursor past the retention): start again from what the message says.</summary>
    [DoesNotReturn]
    public static void ThrowOutOfRange(string message, string reason) =>
        throw Build(Code.OutOfRange, message, ErrorInfo(reason, new Dictionary<string, string>()));

    /// <summary>The call used up what the server keeps for it; retry as the message says.</summary>
    [DoesNotReturn]
    public static void ThrowResourceExhausted(string message, string reason) =>
        throw Build(Code.ResourceExhausted, message, ErrorInfo(reason, new Dictionary<string, string>()));

    private static ErrorInfo ErrorInfo(string reason, IDictionary<string, string> metadata)
    {
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        info.Metadata.Add(metadata);
        return info;
    }

    private static RpcException Build(Code code, string message, Google.Protobuf.IMessage detail) =>
        new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(detail) } }.ToRpcException();
}
