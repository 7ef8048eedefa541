using Google.Api;
using NewsMesh.ServiceDefaults.Errors;

namespace NewsMesh.Gateway.Proxy;

/// <summary>
/// Which requests read rather than write, as the contracts say: a GET, or a gRPC call to a method whose HTTP
/// binding is a GET (health checks and reflection read too). Everything else counts as a write.
/// </summary>
public sealed class ReadMethods
{
    private readonly HashSet<string> _grpcPaths;

    private ReadMethods(HashSet<string> grpcPaths) => _grpcPaths = grpcPaths;

    public static ReadMethods From(params Google.Protobuf.Reflection.ServiceDescriptor[] services) => new(services
        .SelectMany(s => s.Methods)
        .Where(m => m.GetOptions()?.GetExtension(AnnotationsExtensions.Http)?.PatternCase == HttpRule.PatternOneofCase.Get)
        .Select(m => $"/{m.Service.FullName}/{m.Name}")
        .ToHashSet(StringComparer.Ordinal));

    public bool IsRead(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return true;
        }
        if (!GrpcProtocol.IsGrpcRequest(request))
        {
            return false;
        }
        var path = request.Path.Value ?? "";
        return _grpcPaths.Contains(path)
            || path.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)
            || path.StartsWith("/grpc.reflection.", StringComparison.Ordinal);
    }
}
