using Grpc.AspNetCore.Server.Model;
using NewsMesh.ServiceDefaults;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Articles.Bench;

public static class BenchExtensions
{
    public const string BaselineSetting = "Bench:Baseline";

    public static WebApplicationBuilder AddBenchBaseline(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BaselineService>();
        builder.Services.AddSingleton<IServiceMethodProvider<BaselineService>, BaselineMethodProvider>();
        // Open like GetArticle; it answers only what anonymous readers may see.
        builder.Services.AddRpcAccess(RpcAccessRules.Open(BaselineService.ServiceName));
        return builder;
    }

    /// <summary>Maps the baseline only when <c>Bench:Baseline</c> is true: it is a measuring tool, not part of the API.</summary>
    public static WebApplication MapBenchBaseline(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(BaselineSetting))
        {
            app.MapGrpcService<BaselineService>();
        }
        return app;
    }
}
