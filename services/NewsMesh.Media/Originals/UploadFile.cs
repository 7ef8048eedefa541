using System.Security.Cryptography;

namespace NewsMesh.Media.Originals;

/// <summary>An upload's bytes as they arrive: written to a temporary file and hashed on the way.</summary>
public sealed class UploadFile : IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    internal UploadFile(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
    }

    public string Path { get; }

    public long Length { get; private set; }

    public async Task AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        _hash.AppendData(bytes.Span);
        await _stream.WriteAsync(bytes, ct);
        Length += bytes.Length;
    }

    /// <summary>Closes the file and returns the lower-case hex SHA-256 of everything appended.</summary>
    public async Task<string> CompleteAsync()
    {
        await _stream.DisposeAsync();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    /// <summary>Removes the temporary file, if it was not moved into place.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _stream.DisposeAsync();
        }
        finally
        {
            _hash.Dispose();
            File.Delete(Path);
        }
    }
}
