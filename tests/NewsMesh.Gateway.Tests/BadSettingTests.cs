using NewsMesh.Processes;
using NewsMesh.Testing;

namespace NewsMesh.Gateway.Tests;

/// <summary>A setting out of its range stops a process with one line naming it, and exit code 1.</summary>
public sealed class BadSettingTests
{
    [Theory]
    [InlineData("gateway", "Gateway:RateLimitPerSecond", "100000000", "RateLimitPerSecond must be between 1 and 1000000")]
    [InlineData("articles", "Cache:SecondEviction", "00:10:00", "SecondEviction must be between")]
    public async Task SettingOutOfRange_OneLineNamingIt_ExitCode1(string name, string setting, string value, string expected)
    {
        using var data = new TemporaryFolder();
        var lines = new StringWriter();
        var output = TextWriter.Synchronized(lines);
        var settings = TestIdentity.Shared.Settings.ToDictionary(s => s.Key, s => s.Value!);
        settings[setting] = value;
        settings["Storage:DataDirectory"] = data.Path;
        await using var process = MeshProcess.Start(ProcessSpec.For(Catalogue.Get(name), settings, FreePorts.Next(), FreePorts.Next()) with { Output = output });

        await process.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, process.ExitCode);
        var text = lines.ToString();
        Assert.Contains($"newsmesh-{name}: bad setting: ", text, StringComparison.Ordinal);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("newsmesh-bad-setting-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
