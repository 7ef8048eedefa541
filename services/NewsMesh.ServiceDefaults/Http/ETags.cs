using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace NewsMesh.ServiceDefaults.Http;

public static class ETags
{
    /// <summary>Whether the request's <c>If-None-Match</c> names <paramref name="etag"/> (or <c>*</c>): the client has it, 304.</summary>
    public static bool ClientHas(HttpRequest request, EntityTagHeaderValue etag) =>
        request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } ifNoneMatch
        && ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));
}
