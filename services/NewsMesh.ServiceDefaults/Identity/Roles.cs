namespace NewsMesh.ServiceDefaults.Identity;

/// <summary>The values of the roles claim that mean something to the mesh; any other is no right at all.</summary>
public static class Roles
{
    public const string Reporter = "reporter";
    public const string Editor = "editor";
    public const string Admin = "admin";
    public const string Service = "service";

    /// <summary>A syndication customer: reads what anonymous callers read, and stories under embargo.</summary>
    public const string Partner = "partner";

    public static readonly IReadOnlySet<string> Known =
        new HashSet<string>(StringComparer.Ordinal) { Reporter, Editor, Admin, Service, Partner };
}
