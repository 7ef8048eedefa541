using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace NewsMesh.ServiceDefaults.Http;

public static class ETags
{
    /// <summary>An ETag made from a body: the first 128 bits of its SHA-256, base64url.</summary>
    public static EntityTagHeaderValue Of(ReadOnlySpan<byte> body, bool weak = false) =>
        new($"\"{Convert.ToBase64String(SHA256.HashData(body).AsSpan(0, 16)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"", weak);

    /// <summary>Whether the request's <c>If-None-Match</c> names <paramref name="etag"/> (or <c>*</c>): the client has it, 304.</summary>
    public static bool ClientHas(HttpRequest request, EntityTagHeaderValue etag) =>
        request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } ifNoneMatch
        && ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));
}
