using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsMesh.Local;
using NewsMesh.Local.Seeding;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args is ["token", ..] or ["reindex"] ? [] : args,
    ContentRootPath = AppContext.BaseDirectory,
});
if (args is ["token", .. var tokenArgs])
{
    // Before any host runs: nothing but the token may reach standard output.
    return TokenCommand.Run(tokenArgs, builder.Configuration.GetSection(MeshOptions.Section).Get<MeshOptions>() ?? new MeshOptions(),
        Console.Out, Console.Error);
}
if (args is ["reindex"])
{
    return await ReindexCommand.RunAsync(builder.Configuration.GetSection(MeshOptions.Section).Get<MeshOptions>() ?? new MeshOptions(),
        Console.Out, Console.Error);
}
builder.Services.AddOptions<MeshOptions>().BindConfiguration(MeshOptions.Section).ValidateDataAnnotations()
    .Validate(o => o.ServicesAreValid(), "Mesh:Services may name only processes of catalogue.json, with ports from 1 to 65535.")
    .ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<LocalIdentity>();
builder.Services.AddSingleton<SampleContentSeeder>();
builder.Services.AddHostedService<MeshLauncher>();
await builder.Build().RunAsync();
return Environment.ExitCode;
