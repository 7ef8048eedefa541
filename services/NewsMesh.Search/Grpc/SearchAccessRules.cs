using NewsMesh.Contracts.Search.V1;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Search.Grpc;

/// <summary>Who may call each SearchService RPC: anyone searches (and sees what the article service would show them); admins rebuild.</summary>
public static class SearchAccessRules
{
    public static readonly RpcAccessRules Rules = RpcAccessRules.For(SearchService.Descriptor, new Dictionary<string, Access>
    {
        ["SearchArticles"] = Access.Anyone,
        ["RebuildIndex"] = Access.Admin,
    });
}
