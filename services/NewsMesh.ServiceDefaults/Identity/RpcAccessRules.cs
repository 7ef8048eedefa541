using Google.Protobuf.Reflection;

namespace NewsMesh.ServiceDefaults.Identity;

/// <summary>
/// What each RPC of one gRPC service asks of its caller (<see cref="Access"/>), keyed by the method's path
/// (<c>/package.Service/Method</c>). Built from the service's descriptor, so a method without a row is an error
/// at start rather than an RPC nobody decided on.
/// </summary>
public sealed class RpcAccessRules
{
    private RpcAccessRules(IReadOnlyDictionary<string, Access> byPath) => ByPath = byPath;

    public IReadOnlyDictionary<string, Access> ByPath { get; }

    /// <summary>One row per method of <paramref name="service"/>, by the method's name; none missing, none extra.</summary>
    public static RpcAccessRules For(ServiceDescriptor service, IReadOnlyDictionary<string, Access> byMethod)
    {
        var methods = service.Methods.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var missing = methods.Except(byMethod.Keys).ToList();
        var extra = byMethod.Keys.Except(methods).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new InvalidOperationException(
                $"Access rules of {service.FullName} must name every method once: missing [{string.Join(", ", missing)}], unknown [{string.Join(", ", extra)}].");
        }
        return new RpcAccessRules(byMethod.ToDictionary(m => $"/{service.FullName}/{m.Key}", m => m.Value, StringComparer.Ordinal));
    }

    /// <summary>Every method of the services under these names (health, reflection) open to anyone.</summary>
    public static RpcAccessRules Open(params string[] serviceNames) =>
        new(serviceNames.ToDictionary(name => $"/{name}/", _ => Access.Anyone, StringComparer.Ordinal));

    public bool TryFind(string path, out Access access)
    {
        if (ByPath.TryGetValue(path, out access))
        {
            return true;
        }
        var service = path[..(path.LastIndexOf('/') + 1)];
        return ByPath.TryGetValue(service, out access);
    }
}
