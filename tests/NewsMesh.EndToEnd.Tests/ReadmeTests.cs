using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using NewsMesh.Local;
using NewsMesh.Processes;

namespace NewsMesh.EndToEnd.Tests;

/// <summary>
/// The README's "Calling it" examples, run as written against a launched, seeded mesh: only the ports (the mesh
/// here runs on free ones), the launcher's path (its build output rather than <c>dotnet run</c>, which would build
/// again) and the protos' folder are replaced.
/// </summary>
[Collection(LauncherProcess.Collection)]
public sealed partial class ReadmeTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("newsmesh-readme-").FullName;
    private readonly string _work = Directory.CreateTempSubdirectory("newsmesh-readme-work-").FullName;

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task CallingItExamples_EveryCommandSucceeds_WithTheStatusesTheyShow()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryLayout.Root, "README.md"));
        var section = readme[readme.IndexOf("## Calling it", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var blocks = BashBlocks().Matches(section).Select(m => m.Groups["code"].Value).ToList();
        Assert.True(blocks.Count >= 2, "the README's Calling it section has no bash examples");

        await using var mesh = LauncherProcess.Start(_data);
        await mesh.WaitUntilReadyAsync(TimeSpan.FromMinutes(4));
        var ports = new Dictionary<string, int>
        {
            ["8080"] = mesh.GatewayHttpPort, ["8081"] = mesh.GatewayGrpcPort,
            ["5101"] = mesh.ArticlesGrpcPort, ["5102"] = mesh.ArticlesHttpPort,
            ["5201"] = mesh.AuthorsGrpcPort, ["5202"] = mesh.AuthorsHttpPort,
            ["5301"] = mesh.MediaGrpcPort, ["5302"] = mesh.MediaHttpPort,
            ["5401"] = mesh.SearchGrpcPort, ["5402"] = mesh.SearchHttpPort,
            ["8090"] = mesh.WebHttpPort, ["8091"] = mesh.WebGrpcPort,
        };
        var launcher = Path.Combine(RepositoryLayout.Root, "tools", "NewsMesh.Local", "bin", RepositoryLayout.Configuration, "net10.0", "NewsMesh.Local.dll");
        var script = string.Join("\n", blocks);
        script = LocalPort().Replace(script, m => "localhost:" + ports[m.Groups["port"].Value].ToString(CultureInfo.InvariantCulture));
        script = script.Replace("dotnet run --project tools/NewsMesh.Local --", $"dotnet {launcher}", StringComparison.Ordinal)
            .Replace("--schema protos", $"--schema {Path.Combine(RepositoryLayout.Root, "protos")}", StringComparison.Ordinal);

        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = _work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Mesh__DataDirectory"] = _data;
        // The launcher's commands (reindex) find the search service where this mesh runs it.
        start.Environment["Mesh__Services__search__GrpcPort"] = mesh.SearchGrpcPort.ToString(CultureInfo.InvariantCulture);
        using var run = Process.Start(start)!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        var output = await stdout + "\n" + await stderr;

        Assert.True(run.ExitCode == 0, output);
        // The statuses the examples say they show, in their order: 304, then 401 and 403 for the writes, then the web
        // front's article page, feed and preview link.
        Assert.Equal(["304", "401", "403", "200", "200", "200"], StatusLine().Matches(await stdout).Select(m => m.Value));
        Assert.Contains("\"headline\": \"Hundreds evacuated", output, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"STATE_PUBLISHED\"", output, StringComparison.Ordinal);
        Assert.Contains("<mark>", output, StringComparison.Ordinal);
        Assert.Matches(@"reindex: done, \d+ articles in the new index\.", output);
        Assert.True(File.Exists(Path.Combine(_work, "openapi.json")));
        Assert.Equal(0, await mesh.StopAsync());
    }

    [GeneratedRegex("```bash\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlocks();

    [GeneratedRegex(@"localhost:(?<port>8080|8081|8090|8091|5101|5102|5201|5202|5301|5302|5401|5402)\b")]
    private static partial Regex LocalPort();

    // A status a command prints may follow the JSON of the command before it on the same line.
    [GeneratedRegex(@"(?m)(?<![\d.])(200|304|401|403)$")]
    private static partial Regex StatusLine();
}
