using Microsoft.AspNetCore.Http;

namespace NewsMesh.ServiceDefaults.Errors;

public static class GrpcProtocol
{
    public static bool IsGrpcRequest(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
