using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Gateway.Pages;

/// <summary>Who may call each PageService RPC: pages are open (the services decide what each reader sees of them); a preview link is made by the newsroom and read by whoever holds it.</summary>
public static class PageAccessRules
{
    public static readonly RpcAccessRules Rules = RpcAccessRules.For(PageService.Descriptor, new Dictionary<string, Access>
    {
        ["GetArticlePage"] = Access.Anyone,
        ["CreateArticlePreview"] = Access.Reporter,
        // The link is the credential.
        ["GetArticlePreview"] = Access.Anyone,
    });
}
