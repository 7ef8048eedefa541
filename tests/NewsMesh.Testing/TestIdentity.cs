using System.Net.Http.Headers;
using Grpc.Net.Client;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Testing;

/// <summary>
/// The identity every service a test process starts trusts: a key set of its own in a temporary file (made once
/// per test process, gone when it ends), and tokens signed with it for any subject and roles.
/// </summary>
public sealed class TestIdentity
{
    public const string Issuer = "newsmesh-test";
    public const string Audience = "newsmesh";

    private TestIdentity()
    {
        var folder = Directory.CreateTempSubdirectory("newsmesh-keys-").FullName;
        KeysFile = Path.Combine(folder, "jwks.json");
        SigningKeys.CreateIfMissing(KeysFile);
        Keys = SigningKeys.Load(KeysFile);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
    }

    public static TestIdentity Shared { get; } = new();

    public string KeysFile { get; }

    public SigningKeys Keys { get; }

    /// <summary>The <c>Auth</c> settings that make a service trust these keys.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:SigningKeysFile"] = KeysFile,
        ["Auth:Issuer"] = Issuer,
        ["Auth:Audience"] = Audience,
    };

    /// <summary><see cref="Settings"/> as <c>Key=Value</c> pairs, for a service started as a process.</summary>
    public string[] ProcessSettings => Settings.Select(s => $"{s.Key}={s.Value}").ToArray();

    /// <summary>A valid token for <paramref name="subject"/> with <paramref name="roles"/> (none: a valid identity without rights).</summary>
    public string Token(string subject, params string[] roles) =>
        Keys.Issue(Issuer, Audience, subject, roles, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    /// <summary>A token with role <paramref name="role"/> for a subject named after it.</summary>
    public string TokenFor(string role) => Token("test-" + role, role);

    /// <summary>A channel whose every call carries <paramref name="token"/>; null: anonymous.</summary>
    public static GrpcChannel Channel(string address, string? token) => BearerChannels.ForAddress(address, token);

    /// <summary>An HTTP client whose every request carries <paramref name="token"/>; null: anonymous.</summary>
    public static HttpClient Http(string address, string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(address) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }
}
