using Google.Rpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using NewsMesh.ServiceDefaults.Endpoints;

namespace NewsMesh.ServiceDefaults.Errors;

/// <summary>
/// Gives JSON requests over the size limit a 413. A declared length over the limit is refused before anything
/// reads the body; a chunked body is stopped by Kestrel's limit as it grows, which JSON transcoding would report
/// as a plain 400, so that case is marked and its status corrected. gRPC calls get RESOURCE_EXHAUSTED from gRPC.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, IOptions<ServiceEndpointsOptions> options)
{
    private readonly int _limit = options.Value.MaxRequestBytes;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (GrpcProtocol.IsGrpcRequest(request) || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            return next(context);
        }
        if (request.ContentLength is { } length)
        {
            return length <= _limit ? next(context) : RefuseAsync(context, length);
        }

        var body = new OverLimitSignal(request.Body);
        request.Body = body;
        context.Response.OnStarting(() =>
        {
            if (body.Exceeded)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            }
            return Task.CompletedTask;
        });
        return next(context);
    }

    private Task RefuseAsync(HttpContext context, long length) =>
        StatusJson.WriteAsync(context.Response, StatusCodes.Status413PayloadTooLarge, Code.ResourceExhausted,
            $"The request body is {length} bytes; the limit is {_limit} bytes.", context.RequestAborted);

    /// <summary>Notes when Kestrel stops a body for being too large, passing everything else through.</summary>
    private sealed class OverLimitSignal(Stream inner) : Stream
    {
        public bool Exceeded { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                Exceeded = true;
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("Synchronous reads are not allowed.");

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
