using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace NewsMesh.ServiceDefaults.Http;

/// <summary>
/// Keeps a whole response in memory, so that headers made from the body (an ETag) can still be set once the endpoint
/// has written it (<see cref="CaptureAsync"/>).
/// </summary>
public sealed class BufferingBodyFeature(MemoryStream buffer) : IHttpResponseBodyFeature
{
    /// <summary>
    /// Runs <paramref name="next"/> with the response body kept in memory, and gives it back (the caller disposes it) with
    /// the original body in place again, headers not yet sent.
    /// </summary>
    public static async Task<MemoryStream> CaptureAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        var buffer = new MemoryStream();
        var buffering = new BufferingBodyFeature(buffer);
        context.Features.Set<IHttpResponseBodyFeature>(buffering);
        try
        {
            await next(context);
            await buffering.CompleteAsync();
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
        finally
        {
            context.Features.Set(original);
        }
        return buffer;
    }

    private PipeWriter? _writer;

    public Stream Stream => buffer;
    public PipeWriter Writer => _writer ??= PipeWriter.Create(buffer, new StreamPipeWriterOptions(leaveOpen: true));

    public void DisableBuffering()
    {
        // Buffering is the point here.
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await using var file = File.OpenRead(path);
        file.Position = offset;
        if (count is { } length)
        {
            var bytes = new byte[length];
            await file.ReadExactlyAsync(bytes, cancellationToken);
            await buffer.WriteAsync(bytes, cancellationToken);
        }
        else
        {
            await file.CopyToAsync(buffer, cancellationToken);
        }
    }

    public async Task CompleteAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync();
        }
    }
}
