namespace NewsMesh.ServiceDefaults.Endpoints;

/// <summary>The addresses of other processes that settings name (<c>Articles:AuthorsAddress</c>, <c>Purge:Address</c>, ...).</summary>
public static class ServiceAddresses
{
    /// <summary>Empty (not configured), or an absolute http or https address such as <c>http://127.0.0.1:5201</c>.</summary>
    public static bool IsEmptyOrHttp(string? address) =>
        string.IsNullOrWhiteSpace(address) || (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
}
