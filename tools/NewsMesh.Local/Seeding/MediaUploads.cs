using Google.Protobuf;
using NewsMesh.Contracts.Media.V1;

namespace NewsMesh.Local.Seeding;

/// <summary>UploadMedia as a client does it: the metadata first, then the bytes in chunks the service accepts.</summary>
public static class MediaUploads
{
    /// <summary>The largest chunk the media service accepts.</summary>
    public const int ChunkBytes = 64 * 1024;

    public static async Task<Contracts.Media.V1.Media> SendAsync(
        MediaService.MediaServiceClient client, UploadMetadata metadata, byte[] bytes, CancellationToken ct)
    {
        using var upload = client.UploadMedia(cancellationToken: ct);
        await upload.RequestStream.WriteAsync(new UploadMediaRequest { Metadata = metadata }, ct);
        for (var offset = 0; offset < bytes.Length; offset += ChunkBytes)
        {
            await upload.RequestStream.WriteAsync(
                new UploadMediaRequest { Chunk = ByteString.CopyFrom(bytes, offset, Math.Min(ChunkBytes, bytes.Length - offset)) }, ct);
        }
        await upload.RequestStream.CompleteAsync();
        return await upload.ResponseAsync;
    }
}
