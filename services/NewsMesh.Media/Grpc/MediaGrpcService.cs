using Grpc.Core;
using NewsMesh.Contracts;
using NewsMesh.Aip;
using NewsMesh.Aip.Fields;
using NewsMesh.Aip.Names;
using NewsMesh.Aip.Paging;
using NewsMesh.Aip.Text;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Media.Data;
using NewsMesh.Media.Domain;
using NewsMesh.Media.Imaging;
using NewsMesh.Media.Originals;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.ServiceDefaults.Errors;
using NewsMesh.Storage.Documents;
using NewsMesh.Storage.Feed;
using NewsMesh.ServiceDefaults.Http;
using NewsMesh.ServiceDefaults.Identity;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Grpc;

/// <summary>Translates MediaService calls into checks, image inspection and store operations. Media metadata is public, and says so to caches.</summary>
public sealed class MediaGrpcService(
    MediaStore store, MediaLibrary library, OriginalFiles files, ImageInspector inspector, PageTokens pageTokens, TimeProvider clock, ChangeFeed feed)
    : MediaService.MediaServiceBase
{
    public override Task<ListChangesResponse> ListChanges(ListChangesRequest request, ServerCallContext context) => feed.ListAsync(request, context);

    public override Task WatchChanges(WatchChangesRequest request, IServerStreamWriter<WatchChangesResponse> responseStream, ServerCallContext context) =>
        feed.WatchAsync(request, responseStream, context);

    public override async Task<MediaResource> UploadMedia(IAsyncStreamReader<UploadMediaRequest> requestStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct) || requestStream.Current.PartCase != UploadMediaRequest.PartOneofCase.Metadata)
        {
            RpcErrors.ThrowInvalidArgument("metadata", "the first message must carry the metadata");
        }
        var metadata = requestStream.Current.Metadata;
        var (format, requestId) = CheckMetadata(metadata);

        await using var upload = files.BeginUpload();
        while (await requestStream.MoveNext(ct))
        {
            var part = requestStream.Current;
            if (part.PartCase != UploadMediaRequest.PartOneofCase.Chunk)
            {
                RpcErrors.ThrowInvalidArgument("metadata", "only the first message may carry metadata; later ones carry chunks");
            }
            if (part.Chunk.Length is 0 or > MediaLimits.MaxChunkBytes)
            {
                RpcErrors.ThrowInvalidArgument(ImageInspector.BytesField, $"is {part.Chunk.Length} bytes; each chunk must be 1 to {MediaLimits.MaxChunkBytes} bytes");
            }
            if (upload.Length + part.Chunk.Length > MediaLimits.MaxUploadBytes)
            {
                RpcErrors.ThrowInvalidArgument(ImageInspector.BytesField, $"the image is over {MediaLimits.MaxUploadBytes} bytes, the most an upload may carry");
            }
            await upload.AppendAsync(part.Chunk.Memory, ct);
        }
        if (upload.Length == 0)
        {
            RpcErrors.ThrowInvalidArgument(ImageInspector.BytesField, "no image bytes were sent after the metadata");
        }
        var sha256 = await upload.CompleteAsync();

        if (requestId.Length > 0 && await store.FindByRequestIdAsync(requestId, ct) is { } earlier)
        {
            return earlier;
        }
        var (image, problem) = await inspector.InspectAsync(upload.Path, format, ct);
        if (problem is not null)
        {
            RpcErrors.ThrowInvalidArgument([problem]);
        }

        var media = MediaRules.Editable(metadata.Media);
        media.Original = new Original
        {
            Width = image!.Width,
            Height = image.Height,
            ContentType = image.Format.ContentType,
            SizeBytes = upload.Length,
            Sha256 = sha256,
        };
        return MediaRights.AsOf(await library.AddAsync(media, metadata.MediaId, requestId, Writer.Of(context), upload, ct), clock.GetUtcNow());
    }

    public override async Task<MediaResource> GetMedia(GetMediaRequest request, ServerCallContext context)
    {
        var media = await store.GetExistingAsync(RpcErrors.ParseName(request.Name, Resources.Media, "name"), context.CancellationToken);
        return Shared([media], context, []).Single();
    }

    public override async Task<BatchGetMediaResponse> BatchGetMedia(BatchGetMediaRequest request, ServerCallContext context)
    {
        var (ids, violations) = Resources.Media.ParseBatch(request.Names, MediaLimits.BatchMax);
        RpcErrors.ThrowIfAny(violations);

        var found = await store.BatchGetAsync(ids, context.CancellationToken);
        return new BatchGetMediaResponse { Media = { Shared(found, context, []) } };
    }

    public override async Task<ListMediaResponse> ListMedia(ListMediaRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        DateTimeOffset? expiringBefore = null;
        if (request.RightsExpireBefore is { } before)
        {
            if (!MediaValidator.IsValid(before))
            {
                violations.Add(new FieldViolation("rights_expire_before", "must be a valid time"));
            }
            else
            {
                expiringBefore = before.ToDateTimeOffset();
            }
        }
        // Only when set, so that tokens issued before the filter existed stay valid.
        var filter = expiringBefore is { } at ? $"rights_expire_before={at.ToUnixTimeMilliseconds()}" : "";
        var page = PageRequest.Read(request.PageSize, request.PageToken, filter, pageTokens, violations);
        RpcErrors.ThrowIfAny(violations);

        var (media, next) = await store.ListAsync(page.After, page.Size, expiringBefore, context.CancellationToken);
        var response = new ListMediaResponse { NextPageToken = pageTokens.Next(next, filter) };
        response.Media.AddRange(Shared(media, context, [SurrogateKeys.MediaLists]));
        return response;
    }

    public override async Task<MediaResource> UpdateMedia(UpdateMediaRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var (id, paths) = UpdateRequest.Read(request.Media, request.UpdateMask, Resources.Media, "media", violations);
        RpcErrors.ThrowIfAny(violations);
        return MediaRights.AsOf(await store.ModifyAsync(id, request.Media.Etag, Writer.Of(context), current =>
        {
            var next = UpdateMasks.Apply(current, request.Media, paths);
            RpcErrors.ThrowIfAny(MediaValidator.Validate(next, "media.", clock.GetUtcNow()));
            return next;
        }, context.CancellationToken), clock.GetUtcNow());
    }

    public override async Task<Google.Protobuf.WellKnownTypes.Empty> DeleteMedia(DeleteMediaRequest request, ServerCallContext context)
    {
        var id = RpcErrors.ParseName(request.Name, Resources.Media, "name");
        await library.DeleteAsync(id, request.Etag, Writer.Of(context), context.CancellationToken);
        return new Google.Protobuf.WellKnownTypes.Empty();
    }

    /// <summary>
    /// <paramref name="media"/> as of now, said to be public to the caches they pass, for no longer than until a
    /// licence among them ends, named by their keys and <paramref name="alsoKeys"/>.
    /// </summary>
    private List<MediaResource> Shared(IReadOnlyList<MediaResource> media, ServerCallContext context, IEnumerable<string> alsoKeys)
    {
        var now = clock.GetUtcNow();
        var keys = media.Select(m => Resources.Media.TryParse(m.Name, out var id) ? SurrogateKeys.Media(id) : m.Name).Concat(alsoKeys);
        SharedCache.AllowPublic(context, MediaRights.KeepUntil(media, now), keys);
        return media.Select(m => MediaRights.AsOf(m, now)).ToList();
    }

    /// <summary>The declared format and the request id in one format; INVALID_ARGUMENT naming every bad field.</summary>
    private (ImageFormat Format, string RequestId) CheckMetadata(UploadMetadata metadata)
    {
        var violations = new List<FieldViolation>();
        if (metadata.Media is null)
        {
            violations.Add(new FieldViolation("metadata.media", "is required"));
        }
        else
        {
            violations.AddRange(FieldBehaviors.Of(MediaResource.Descriptor).OutputOnlySetIn(metadata.Media, "metadata.media."));
            violations.AddRange(MediaValidator.Validate(metadata.Media, "metadata.media.", clock.GetUtcNow()));
        }
        var format = ImageFormat.FromContentType(metadata.ContentType);
        if (format is null)
        {
            violations.Add(new FieldViolation("metadata.content_type",
                $"must be one of {string.Join(", ", ImageFormat.Accepted.Select(f => f.ContentType))}; other formats, SVG among them, are not accepted"));
        }
        if (metadata.MediaId.Length > 0 && !MediaRules.IsMediaId(metadata.MediaId))
        {
            violations.Add(new FieldViolation("metadata.media_id", "must be 1 to 64 lower-case letters, digits and hyphens"));
        }
        var requestId = RequestIds.Read(metadata.RequestId, "metadata.request_id", violations);
        RpcErrors.ThrowIfAny(violations);
        return (format!, requestId);
    }

}
