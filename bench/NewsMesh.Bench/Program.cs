using Microsoft.Extensions.Configuration;
using NewsMesh.Bench;
using NewsMesh.Local;
using NewsMesh.Processes;

var settings = (new ConfigurationBuilder().AddCommandLine(args).Build().Get<BenchSettings>() ?? new BenchSettings()).Effective();
var data = Directory.CreateTempSubdirectory("newsmesh-bench-").FullName;
try
{
    await using var redis = await RedisServerProcess.StartAsync(Ports.Free());
    Progress.Start((settings.Runs("articles") ? Scenarios.Count(settings) : 0)
        + (settings.Runs("gateway") ? GatewayScenarios.Count : 0)
        + (settings.Runs("media") ? MediaScenarios.Count : 0)
        + (settings.Runs("search") ? SearchScenarios.Count : 0));
    var results = settings.Runs("articles") ? await new Scenarios(settings, data, redis.Configuration).RunAsync() : [];
    var gateway = settings.Runs("gateway") ? await new GatewayScenarios(settings, data, redis.Configuration).RunAsync() : [];
    var media = settings.Runs("media") ? await new MediaScenarios(settings, data).RunAsync() : new MediaResults([], []);
    var search = settings.Runs("search") ? await new SearchScenarios(settings, data, redis.Configuration).RunAsync() : new SearchResults([], []);
    foreach (var figure in media.Figures)
    {
        Console.WriteLine(FormattableString.Invariant($"    {figure.Name}: {figure.Value:0.0} {figure.Unit}   {figure.Ratio}"));
    }
    MemoryLedger.Record("redis-server", redis.ProcessId);
    MemoryLedger.Record(MemoryLedger.Generator, Environment.ProcessId);
    var failed = results.Concat(gateway).Concat(media.Loads).Concat(search.Loads).Where(r => r.Load.Errors > 0 || r.Load.Requests == 0).ToList();
    foreach (var r in failed)
    {
        Console.Error.WriteLine($"scenario '{r.Name}' failed: {r.Load.Requests} answers, {r.Load.Errors} errors");
    }
    if (!settings.Smoke && settings.RunsAll)
    {
        var (report, targets) = Report.Render(settings, results, gateway, media, "bash scripts/bench.sh");
        var output = Path.Combine(RepositoryLayout.Root, settings.Output);
        await File.WriteAllTextAsync(output, report);
        await File.WriteAllTextAsync(Path.ChangeExtension(output, ".svg"), Chart.Svg([.. results, .. gateway, .. media.Loads]));
        await File.WriteAllTextAsync(Path.ChangeExtension(output, ".json"), BenchJson.Of(settings, [.. results, .. gateway, .. media.Loads, .. search.Loads], targets));
        Console.WriteLine();
        Console.WriteLine(report);
        Console.WriteLine("Written to " + output);
    }
    return failed.Count == 0 ? 0 : 1;
}
finally
{
    Directory.Delete(data, recursive: true);
}
