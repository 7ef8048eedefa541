using NewsMesh.Contracts.Author.V1;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Authors.Grpc;

/// <summary>Who may call each AuthorService RPC: authors are public; editors keep them; archiving, which changes every byline's page, is an admin's.</summary>
public static class AuthorAccessRules
{
    public static readonly RpcAccessRules Rules = RpcAccessRules.For(AuthorService.Descriptor, new Dictionary<string, Access>
    {
        ["CreateAuthor"] = Access.Editor,
        ["GetAuthor"] = Access.Anyone,
        ["BatchGetAuthors"] = Access.Anyone,
        ["LookupAuthor"] = Access.Anyone,
        ["ListAuthors"] = Access.Anyone,
        ["UpdateAuthor"] = Access.Editor,
        ["ArchiveAuthor"] = Access.Admin,
        ["UnarchiveAuthor"] = Access.Admin,
        ["ListChanges"] = Access.Partner,
        ["WatchChanges"] = Access.Partner,
    });
}
