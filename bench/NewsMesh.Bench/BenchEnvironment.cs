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
        BenchIdentity.AddTo(environment);
        return environment;
    }
}
