using Microsoft.Extensions.Options;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Local;

/// <summary>
/// The local mesh's identity: a key set under the data folder (<c>keys/jwks.json</c>, made on first use, never in
/// git), which every process is given to trust, and tokens signed with it, for the <c>token</c> command and for
/// the launcher's own seeding.
/// </summary>
public sealed class LocalIdentity(IOptions<MeshOptions> options)
{
    public const string Issuer = "newsmesh-local";
    public const string Audience = "newsmesh";

    public string KeysFile => Path.Combine(options.Value.DataPath(), "keys", "jwks.json");

    /// <summary>The <c>Auth</c> settings of every process.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:SigningKeysFile"] = KeysFile,
        ["Auth:Issuer"] = Issuer,
        ["Auth:Audience"] = Audience,
    };

    /// <summary>A token signed with the local keys, which are made first if there are none yet.</summary>
    public string Token(string subject, IReadOnlyCollection<string> roles, TimeSpan lifetime)
    {
        SigningKeys.CreateIfMissing(KeysFile);
        return SigningKeys.Load(KeysFile).Issue(Issuer, Audience, subject, roles, lifetime, DateTimeOffset.UtcNow);
    }
}
