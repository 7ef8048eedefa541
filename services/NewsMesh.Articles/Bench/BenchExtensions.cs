using Grpc.AspNetCore.Server.Model;

namespace NewsMesh.Articles.Bench;

public static class BenchExtensions
{
    public const string BaselineSetting = "Bench:Baseline";

    public static WebApplicationBuilder AddBenchBaseline(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BaselineService>();
        builder.Services.AddSingleton<IServiceMethodProvider<BaselineService>, BaselineMethodProvider>();
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
