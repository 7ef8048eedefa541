using NewsMesh.Media.Data;
using NewsMesh.Storage.Documents;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Originals;

/// <summary>
/// Keeps metadata and original files in step: an original is on disk while some media shows it, and goes with
/// the last media that does.
/// </summary>
public sealed partial class MediaLibrary(MediaStore store, OriginalFiles files, ILogger<MediaLibrary> logger)
{
    /// <summary>Stores <paramref name="upload"/> (once per distinct bytes) and the media that shows it.</summary>
    public async Task<MediaResource> AddAsync(MediaResource media, string mediaId, string requestId, Writer writer, UploadFile upload, CancellationToken ct)
    {
        var sha256 = media.Original.Sha256;
        using (await files.LockAsync(sha256, ct))
        {
            files.Keep(upload, sha256);
            MediaResource created;
            try
            {
                created = await store.CreateAsync(media, mediaId, requestId, writer, ct);
            }
            catch
            {
                await ForgetIfUnusedAsync(sha256);
                throw;
            }
            if (created.Original.Sha256 != sha256)
            {
                // A concurrent upload with the same request id won, with other bytes: ours are nobody's.
                await ForgetIfUnusedAsync(sha256);
            }
            return created;
        }
    }

    /// <summary>Deletes the media, and its original when no other media shows it.</summary>
    public async Task DeleteAsync(string id, string etag, Writer writer, CancellationToken ct)
    {
        var media = await store.GetAsync(id, ct);
        if (media is null)
        {
            // Let the store say NOT_FOUND in its words.
            await store.DeleteAsync(id, etag, writer, ct);
            return;
        }
        using (await files.LockAsync(media.Original.Sha256, ct))
        {
            var deleted = await store.DeleteAsync(id, etag, writer, ct);
            await ForgetIfUnusedAsync(deleted.Original.Sha256);
        }
    }

    private async Task ForgetIfUnusedAsync(string sha256)
    {
        try
        {
            // Not cancellable: the row is already gone (or never came), and the file must follow it.
            if (!await store.UsesOriginalAsync(sha256, CancellationToken.None))
            {
                files.Forget(sha256);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The failure the caller sees is the one that brought us here; an unused original only costs disk.
            LogKeptUnused(e, sha256);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not tell whether original {Sha256} is still used; it is kept")]
    private partial void LogKeptUnused(Exception exception, string sha256);
}
