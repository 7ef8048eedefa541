using NewsMesh.Contracts.Media.V1;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Media.Grpc;

/// <summary>Who may call each MediaService RPC: media metadata and renditions are public; reporters upload; editors keep the metadata; deleting, which breaks every article that shows the image, is an admin's.</summary>
public static class MediaAccessRules
{
    public static readonly RpcAccessRules Rules = RpcAccessRules.For(MediaService.Descriptor, new Dictionary<string, Access>
    {
        ["UploadMedia"] = Access.Reporter,
        ["GetMedia"] = Access.Anyone,
        ["BatchGetMedia"] = Access.Anyone,
        ["ListMedia"] = Access.Anyone,
        ["UpdateMedia"] = Access.Editor,
        ["DeleteMedia"] = Access.Admin,
        ["ListChanges"] = Access.Partner,
        ["WatchChanges"] = Access.Partner,
    });
}
