using System.ComponentModel.DataAnnotations;

namespace NewsMesh.ServiceDefaults.Identity;

/// <summary>
/// Who may sign the tokens every process accepts (the <c>Auth</c> section). Exactly one source of keys: an OpenID
/// Connect issuer (<see cref="Authority"/>, production) or a JSON Web Key Set file (<see cref="SigningKeysFile"/>,
/// the local mesh and tests).
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The longest clock difference between issuer and validator that is forgiven.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Asymmetric signatures only: a shared secret or an unsigned token can never be configured.</summary>
    public static readonly IReadOnlySet<string> AsymmetricAlgorithms =
        new HashSet<string>(StringComparer.Ordinal) { "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" };

    /// <summary>An OpenID Connect issuer; its discovery document names its keys, which then rotate by themselves.</summary>
    public string? Authority { get; set; }

    /// <summary>Whether the issuer's discovery document must come over https (off only for a test issuer on loopback).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>A JSON Web Key Set file whose keys sign the tokens (with <see cref="Issuer"/> as their issuer).</summary>
    public string? SigningKeysFile { get; set; }

    /// <summary>The <c>iss</c> that tokens signed with <see cref="SigningKeysFile"/> carry.</summary>
    public string Issuer { get; set; } = "newsmesh-local";

    /// <summary>The <c>aud</c> every token must carry.</summary>
    [Required]
    public string Audience { get; set; } = "newsmesh";

    /// <summary>The claim that holds the caller's roles (an array or a single value).</summary>
    [Required]
    public string RolesClaim { get; set; } = "roles";

    /// <summary>
    /// The signature algorithms accepted; any other, <c>none</c> and HMAC among them, is refused. Empty means ES256 and
    /// RS256 (a default in the array itself would be added to by configuration, never replaced).
    /// </summary>
    public string[] Algorithms { get; set; } = [];

    /// <summary>What <see cref="Algorithms"/> accepts.</summary>
    public IReadOnlyList<string> AcceptedAlgorithms => Algorithms.Length > 0 ? Algorithms : ["ES256", "RS256"];

    /// <summary>How far token lifetimes are stretched for clocks that differ; at most 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = MaxClockSkew;

    /// <summary>With <see cref="Authority"/>: this process's client id for the client-credentials grant of its own token.</summary>
    public string? ClientId { get; set; }

    /// <summary>With <see cref="ClientId"/>: its secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>With <see cref="ClientId"/>: the scope to ask for, when the issuer wants one.</summary>
    public string? ClientScope { get; set; }

    /// <summary>What is wrong with these settings, naming each one; empty when they can be used.</summary>
    public IEnumerable<string> Problems()
    {
        var authority = !string.IsNullOrWhiteSpace(Authority);
        var file = !string.IsNullOrWhiteSpace(SigningKeysFile);
        if (authority == file)
        {
            yield return "Set exactly one of Auth:Authority (an OpenID Connect issuer) and Auth:SigningKeysFile (a JSON Web Key Set file).";
        }
        if (authority && !Uri.TryCreate(Authority, UriKind.Absolute, out _))
        {
            yield return "Auth:Authority must be an absolute address such as https://id.example.org/realms/newsroom.";
        }
        if (file && !File.Exists(SigningKeysFile))
        {
            yield return $"Auth:SigningKeysFile {SigningKeysFile} does not exist.";
        }
        else if (file && SigningKeys.ProblemWith(SigningKeysFile!) is { } unusable)
        {
            yield return $"Auth:SigningKeysFile {SigningKeysFile}: {unusable}";
        }
        if (file && string.IsNullOrWhiteSpace(Issuer))
        {
            yield return "Auth:Issuer must be set with Auth:SigningKeysFile.";
        }
        if (Algorithms.Any(a => !AsymmetricAlgorithms.Contains(a)))
        {
            yield return $"Auth:Algorithms must name one or more of {string.Join(", ", AsymmetricAlgorithms)}.";
        }
        if (ClockSkew < TimeSpan.Zero || ClockSkew > MaxClockSkew)
        {
            yield return "Auth:ClockSkew must be between 00:00:00 and 00:00:30.";
        }
        if (!string.IsNullOrWhiteSpace(ClientId) && (!authority || string.IsNullOrWhiteSpace(ClientSecret)))
        {
            yield return "Auth:ClientId needs Auth:Authority and Auth:ClientSecret.";
        }
    }
}
