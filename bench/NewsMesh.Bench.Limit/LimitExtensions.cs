using Grpc.AspNetCore.Server.Model;
using NewsMesh.ServiceDefaults;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Bench.Limit;

public static class LimitExtensions
{
    public static WebApplicationBuilder AddLimit(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LimitOptions>()
            .BindConfiguration(LimitOptions.Section)
            .Validate(o => Uri.TryCreate(o.Source, UriKind.Absolute, out _), "Limit:Source must be the article service's gRPC address, such as http://127.0.0.1:5101.")
            .ValidateOnStart();
        builder.Services.AddSingleton<LimitService>();
        builder.Services.AddSingleton<IServiceMethodProvider<LimitService>, LimitMethodProvider>();
        // Open like GetArticle; it answers only what anonymous readers may see, for it reads as one.
        builder.Services.AddRpcAccess(RpcAccessRules.Open(LimitService.ServiceName));
        return builder;
    }
}

public sealed class LimitOptions
{
    public const string Section = "Limit";

    /// <summary>The article service the bytes are read from, anonymously.</summary>
    public string Source { get; set; } = "";
}

/// <summary>Binds the methods with byte-array marshallers, so the answer is written as it is kept.</summary>
public sealed class LimitMethodProvider : IServiceMethodProvider<LimitService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<LimitService> context)
    {
        context.AddUnaryMethod(LimitService.GetArticleMethod, [], (service, request, call) => service.GetArticleAsync(request, call));
        context.AddUnaryMethod(LimitService.ListArticlesMethod, [], (service, request, call) => service.ListArticlesAsync(request, call));
    }
}
