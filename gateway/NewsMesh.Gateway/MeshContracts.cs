using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Contracts.Webhook.V1;
using NewsMesh.Gateway.OpenApi;

namespace NewsMesh.Gateway;

/// <summary>
/// The contracts of every service behind the gateway, and its own: what its write detection and its OpenAPI
/// document are read from. The catalogue names the same services (a test checks that they agree).
/// </summary>
public static class MeshContracts
{
    public static readonly IReadOnlyList<Google.Protobuf.Reflection.ServiceDescriptor> Services =
        [ArticleService.Descriptor, AuthorService.Descriptor, MediaService.Descriptor, SearchService.Descriptor, WebhookService.Descriptor, PageService.Descriptor];

    /// <summary>The JSON API as OpenAPI 3.1, for the local mesh's address.</summary>
    public static string OpenApi() => OpenApiDocument.Generate(Services, "NewsMesh", "v1",
        new Uri("http://127.0.0.1:8080"), "The local mesh (dotnet run --project tools/NewsMesh.Local, or docker compose up)");
}
