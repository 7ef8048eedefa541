namespace NewsMesh.ServiceDefaults.Identity;

/// <summary>
/// What an RPC asks of its caller before it runs. What the caller may then see or change of a given resource
/// (a reporter's own drafts) is the service's to decide on the resource itself.
/// </summary>
public enum Access
{
    /// <summary>Anyone, anonymous callers too; a newsroom role may see more.</summary>
    Anyone,

    /// <summary>A caller with any role the mesh knows: a partner, reporter, editor, admin or the mesh itself.</summary>
    Partner,

    /// <summary>A reporter, editor, admin or the mesh itself.</summary>
    Reporter,

    /// <summary>An editor, admin or the mesh itself.</summary>
    Editor,

    /// <summary>An admin only.</summary>
    Admin,
}
