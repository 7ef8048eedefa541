using Microsoft.Extensions.Options;
using NewsMesh.Media.Domain;
using NewsMesh.Media.Originals;
using NewsMesh.Storage;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Tests.Originals;

public sealed class OriginalFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("newsmesh-originals-").FullName;
    private readonly OriginalFiles _files;

    public OriginalFilesTests() => _files = new OriginalFiles(Options.Create(new StorageOptions { DataDirectory = _root }));

    public void Dispose()
    {
        _files.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static RenditionPlan Plan(string sha256) => RenditionPlan.For(
        new MediaResource { Name = "media/m", Original = new() { Width = 640, Height = 480, Sha256 = sha256 } },
        RenditionCatalog.Aspects[0], RenditionCatalog.Sizes[0], ImageFormat.Jpeg);

    private async Task<string> KeepOriginalAsync(byte[] bytes)
    {
        await using var upload = _files.BeginUpload();
        await upload.AppendAsync(bytes, CancellationToken.None);
        var sha256 = await upload.CompleteAsync();
        _files.Keep(upload, sha256);
        return sha256;
    }

    [Fact]
    public async Task KeepRendition_OriginalDeletedMeanwhile_RefusedAndNothingLeftBehind()
    {
        var sha256 = await KeepOriginalAsync([1, 2, 3]);
        _files.Forget(sha256);

        await Assert.ThrowsAsync<OriginalGoneException>(() => _files.KeepRenditionAsync(Plan(sha256), [9, 9, 9]));

        Assert.False(Directory.Exists(Path.GetDirectoryName(_files.RenditionPath(Plan(sha256)))));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "uploads")));
    }

    [Fact]
    public async Task Forget_RemovesTheOriginalAndItsRenditions()
    {
        var sha256 = await KeepOriginalAsync([4, 5, 6]);
        await _files.KeepRenditionAsync(Plan(sha256), [7, 8]);
        Assert.True(File.Exists(_files.RenditionPath(Plan(sha256))));

        _files.Forget(sha256);

        Assert.False(File.Exists(_files.OriginalPath(sha256)));
        Assert.False(File.Exists(_files.RenditionPath(Plan(sha256))));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "uploads")));
    }
}
