using Grpc.AspNetCore.Server.Model;

namespace NewsMesh.Articles.Bench;

/// <summary>Binds the baseline's one method with byte-array marshallers, so the response is written as it is stored.</summary>
public sealed class BaselineMethodProvider : IServiceMethodProvider<BaselineService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<BaselineService> context) =>
        context.AddUnaryMethod(BaselineService.GetArticleMethod, [], (service, request, call) => service.GetArticleAsync(request, call));
}
