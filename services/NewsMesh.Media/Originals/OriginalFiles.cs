using Microsoft.Extensions.Options;
using NewsMesh.Media.Domain;
using NewsMesh.Storage;

namespace NewsMesh.Media.Originals;

/// <summary>
/// The files under the data folder: originals by SHA-256 (the same bytes are stored once however often they
/// are uploaded), the renditions made of each, and work in progress (uploads, renditions being written). Paths are built only from hashes the
/// service computed, never from what a caller sent.
/// </summary>
public sealed class OriginalFiles : IDisposable
{
    private const int Stripes = 64;
    private readonly string _originals;
    private readonly string _renditions;
    private readonly string _uploads;
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public OriginalFiles(IOptions<StorageOptions> storage)
    {
        var root = Path.GetFullPath(storage.Value.DataDirectory);
        _originals = Directory.CreateDirectory(Path.Combine(root, "originals")).FullName;
        _renditions = Directory.CreateDirectory(Path.Combine(root, "renditions")).FullName;
        _uploads = Directory.CreateDirectory(Path.Combine(root, "uploads")).FullName;
    }

    public string OriginalPath(string sha256) => Path.Combine(_originals, sha256[..2], sha256);

    public string RenditionPath(RenditionPlan plan) => Path.Combine(RenditionFolder(plan.Sha256), plan.FileName);

    public UploadFile BeginUpload() => new(Path.Combine(_uploads, $"{Guid.NewGuid():N}.part"));

    /// <summary>
    /// Serialises the work on one original (keeping it, deleting it) so a delete cannot remove a file an upload
    /// of the same bytes has just decided to share.
    /// </summary>
    public async Task<IDisposable> LockAsync(string sha256, CancellationToken ct)
    {
        var stripe = _locks[Convert.ToInt32(sha256[..2], 16) % Stripes];
        await stripe.WaitAsync(ct);
        return new Release(stripe);
    }

    /// <summary>Moves the upload into place, unless the same bytes are already stored.</summary>
    public void Keep(UploadFile upload, string sha256)
    {
        var target = OriginalPath(sha256);
        if (File.Exists(target))
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(upload.Path, target);
    }

    /// <summary>
    /// Puts a finished rendition in place, unless its original has been deleted meanwhile: the check and the move
    /// hold the original's lock, so a rendition never lands beside an original that is gone.
    /// </summary>
    public async Task KeepRenditionAsync(RenditionPlan plan, byte[] bytes)
    {
        var temporary = Path.Combine(_uploads, $"{Guid.NewGuid():N}.rendition");
        try
        {
            await File.WriteAllBytesAsync(temporary, bytes);
            using (await LockAsync(plan.Sha256, CancellationToken.None))
            {
                if (!File.Exists(OriginalPath(plan.Sha256)))
                {
                    throw new OriginalGoneException(plan.Sha256);
                }
                var path = RenditionPath(plan);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.Move(temporary, path, overwrite: true);
            }
        }
        finally
        {
            // Nothing left to delete once the move is done.
            File.Delete(temporary);
        }
    }

    /// <summary>Removes an original no media uses any more, and every rendition made of it.</summary>
    public void Forget(string sha256)
    {
        File.Delete(OriginalPath(sha256));
        var renditions = RenditionFolder(sha256);
        if (Directory.Exists(renditions))
        {
            Directory.Delete(renditions, recursive: true);
        }
    }

    /// <summary>Removes uploads and renditions left half-written by a crash; old enough that no live work owns them.</summary>
    public void RemoveAbandonedFiles(DateTimeOffset olderThan)
    {
        foreach (var part in Directory.EnumerateFiles(_uploads))
        {
            if (File.GetLastWriteTimeUtc(part) < olderThan.UtcDateTime)
            {
                File.Delete(part);
            }
        }
    }

    public void Dispose()
    {
        foreach (var stripe in _locks)
        {
            stripe.Dispose();
        }
    }

    private string RenditionFolder(string sha256) => Path.Combine(_renditions, sha256[..2], sha256);

    private sealed class Release(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
