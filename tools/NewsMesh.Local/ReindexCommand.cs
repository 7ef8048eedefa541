using Grpc.Core;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Local;

/// <summary>
/// <c>reindex</c>: rebuilds the running local mesh's search index from the article service, printing the progress;
/// searches keep the old index until the new one is complete. Exit code 0 when it is.
/// </summary>
public static class ReindexCommand
{
    public static async Task<int> RunAsync(MeshOptions mesh, TextWriter output, TextWriter errors)
    {
        var search = mesh.Processes().Single(p => p.Name == "search");
        var token = new LocalIdentity(Options.Create(mesh)).Token("newsmesh-reindex", [Roles.Admin], TimeSpan.FromMinutes(30));
        using var channel = BearerChannels.ForAddress(search.GrpcAddress(mesh.BindAddress), token);
        try
        {
            using var call = new SearchService.SearchServiceClient(channel).RebuildIndex(new RebuildIndexRequest());
            await foreach (var progress in call.ResponseStream.ReadAllAsync())
            {
                output.WriteLine(progress.Done
                    ? $"reindex: done, {progress.ArticlesIndexed} articles in the new index."
                    : $"reindex: {progress.ArticlesIndexed} articles indexed …");
            }
            return 0;
        }
        catch (RpcException e)
        {
            errors.WriteLine($"reindex: the search service at {search.GrpcAddress(mesh.BindAddress)} answered {e.StatusCode}: {e.Status.Detail}");
            errors.WriteLine("reindex: is the mesh running (dotnet run --project tools/NewsMesh.Local)?");
            return 1;
        }
    }
}
