using NewsMesh.Processes;

namespace NewsMesh.Bench;

/// <summary>How the benchmark runs every process it measures: as deployed (Production), logging warnings only, trusting the run's keys.</summary>
public static class BenchEnvironment
{
    /// <summary>Adds the benchmark's settings to a process's environment; settings already there win.</summary>
    public static Dictionary<string, string> With(Dictionary<string, string> environment)
    {
        // The launcher runs services as Development; that adds the developer exception page to every request.
        environment.TryAdd("DOTNET_ENVIRONMENT", "Production");
        environment.TryAdd("Logging__LogLevel__Default", "Warning");
        // Production has no development page-token keys: the run brings its own.
        foreach (var section in new[] { "Articles", "Authors", "Media", "Search" })
        {
            environment.TryAdd($"{section}__PageTokenKey", $"benchmark-{section.ToLowerInvariant()}-page-token-key");
        }
        BenchIdentity.AddTo(environment);
        return environment;
    }

    /// <summary>
    /// Starts <paramref name="project"/> (a catalogue name, or a project path such as <c>bench/NewsMesh.Bench.Limit</c>)
    /// as <paramref name="name"/> on free ports, on data of its own under <paramref name="dataDirectory"/>, and waits until it is ready.
    /// </summary>
    public static async Task<MeshProcess> StartAsync(string name, string project, string dataDirectory, Dictionary<string, string> settings)
    {
        var assembly = project.Contains('/', StringComparison.Ordinal) ? RepositoryLayout.ProjectAssembly(project) : Catalogue.Get(project).Assembly;
        settings.TryAdd("Storage__DataDirectory", Path.Combine(dataDirectory, name));
        var process = MeshProcess.Start(new ProcessSpec(name, assembly, Ports.Free(), Ports.Free(), With(settings)) { Output = Console.Out });
        await process.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        return process;
    }
}
