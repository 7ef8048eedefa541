using Google.Protobuf;
using Grpc.Core;
using NewsMesh.Contracts.Media.V1;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Tests.Integration;

/// <summary>Uploads over a real client stream, the way a newsroom tool would.</summary>
public static class Uploads
{
    public static MediaResource Described(string caption = "Fishing boats return to the harbour at first light.") => new()
    {
        Caption = caption,
        Credit = "Photo: Maren Holt / Northlight Agency",
        AltText = "Three small fishing boats on calm water below a pale orange sky.",
        SourceAgency = "Northlight Agency",
        Rights = new Rights { UsageTerms = "Editorial use only", EditorialOnly = true },
    };

    public static UploadMediaRequest Metadata(string contentType = "image/jpeg", MediaResource? media = null, string requestId = "", string mediaId = "") =>
        new()
        {
            Metadata = new UploadMetadata { Media = media ?? Described(), ContentType = contentType, RequestId = requestId, MediaId = mediaId },
        };

    public static Task<MediaResource> UploadAsync(
        this MediaService.MediaServiceClient client, byte[] bytes, string contentType = "image/jpeg", MediaResource? media = null,
        string requestId = "", string mediaId = "", int chunkSize = 64 * 1024) =>
        client.SendAsync([Metadata(contentType, media, requestId, mediaId), .. Chunks(bytes, chunkSize)]);

    public static IEnumerable<UploadMediaRequest> Chunks(byte[] bytes, int chunkSize = 64 * 1024)
    {
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            yield return new UploadMediaRequest { Chunk = ByteString.CopyFrom(bytes, offset, Math.Min(chunkSize, bytes.Length - offset)) };
        }
    }

    /// <summary>
    /// Sends the messages and returns the answer. When the service refuses part-way, the remaining writes fail;
    /// the answer (the refusal) is what the caller sees, as a real client would.
    /// </summary>
    public static async Task<MediaResource> SendAsync(this MediaService.MediaServiceClient client, IEnumerable<UploadMediaRequest> messages)
    {
        using var call = client.UploadMedia();
        try
        {
            foreach (var message in messages)
            {
                await call.RequestStream.WriteAsync(message);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            // The call has ended; its status is in ResponseAsync.
        }
        return await call.ResponseAsync;
    }
}
