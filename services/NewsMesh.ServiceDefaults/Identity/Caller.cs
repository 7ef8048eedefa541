using System.Security.Claims;

namespace NewsMesh.ServiceDefaults.Identity;

/// <summary>Who is calling: the token's subject and the roles the mesh knows, or nobody.</summary>
public sealed class Caller
{
    public static readonly Caller Anonymous = new("", new HashSet<string>());

    /// <summary>The longest subject a token may have: it is recorded on articles, in audit lines and rate-limit keys.</summary>
    public const int MaxSubjectLength = 256;

    private readonly IReadOnlySet<string> _roles;

    public Caller(string subject, IReadOnlySet<string> roles)
    {
        Subject = subject;
        _roles = roles;
        Role = roles.Contains(Roles.Admin) ? Roles.Admin
            : roles.Contains(Roles.Editor) ? Roles.Editor
            : roles.Contains(Roles.Service) ? Roles.Service
            : roles.Contains(Roles.Reporter) ? Roles.Reporter
            : roles.Contains(Roles.Partner) ? Roles.Partner
            : subject.Length > 0 ? "none" : "anonymous";
    }

    /// <summary>The token's <c>sub</c>; empty for an anonymous caller.</summary>
    public string Subject { get; }

    /// <summary>The caller's strongest role, as audit lines and records name it.</summary>
    public string Role { get; }

    public bool IsAuthenticated => Subject.Length > 0;

    /// <summary>Editors, admins and the mesh itself see articles in every state.</summary>
    public bool SeesEveryState => _roles.Contains(Roles.Editor) || _roles.Contains(Roles.Admin) || _roles.Contains(Roles.Service);

    /// <summary>Partners also read stories under embargo before their time; they write nothing.</summary>
    public bool SeesEmbargoed => _roles.Contains(Roles.Partner);

    public bool Has(Access access) => access switch
    {
        Access.Anyone => true,
        Access.Partner => SeesEveryState || _roles.Contains(Roles.Reporter) || _roles.Contains(Roles.Partner),
        Access.Reporter => SeesEveryState || _roles.Contains(Roles.Reporter),
        Access.Editor => SeesEveryState,
        Access.Admin => _roles.Contains(Roles.Admin),
        _ => false,
    };

    /// <summary>The caller a validated principal stands for; unknown roles give no rights.</summary>
    public static Caller From(ClaimsPrincipal user, string rolesClaim)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst("sub")?.Value is not { Length: > 0 } subject)
        {
            return Anonymous;
        }
        var roles = user.FindAll(rolesClaim).Select(c => c.Value).Where(Roles.Known.Contains).ToHashSet(StringComparer.Ordinal);
        return new Caller(subject, roles);
    }
}
