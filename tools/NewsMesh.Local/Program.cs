using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsMesh.Local;
using NewsMesh.Local.Seeding;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Services.AddOptions<MeshOptions>().BindConfiguration(MeshOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SampleContentSeeder>();
builder.Services.AddHostedService<MeshLauncher>();
await builder.Build().RunAsync();
