using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Webhooks.Grpc;

/// <summary>Who may call each WebhookService RPC: admins only. A subscription sends the mesh's changes, drafts included if asked, to any URL.</summary>
public static class WebhookAccessRules
{
    public static readonly RpcAccessRules Rules = RpcAccessRules.For(WebhookService.Descriptor,
        WebhookService.Descriptor.Methods.ToDictionary(m => m.Name, _ => Access.Admin));
}
