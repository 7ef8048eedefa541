using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Gateway.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Gateway.OpenApi;

namespace NewsMesh.Gateway.Tests;

/// <summary>
/// The OpenAPI document as the gateway generates it, linted by Redocly's recommended rules
/// (<c>tests/openapi-lint</c>, installed with <c>npm ci</c> there), and what it says about who may call what.
/// </summary>
public sealed partial class OpenApiLintTests
{
    // The document the gateway serves.
    private static readonly string Document = MeshContracts.OpenApi();

    private static JsonElement Json => JsonSerializer.Deserialize<JsonElement>(Document);

    [Fact]
    public async Task Lint_RecommendedRules_NoErrorsOrWarnings()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "NewsMesh.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("NewsMesh.sln not found above the tests.");
        }
        var lint = Path.Combine(root.FullName, "tests", "openapi-lint");
        var redocly = Path.Combine(lint, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is not installed: run `npm ci` in tests/openapi-lint.");

        var file = Path.Combine(Path.GetTempPath(), $"newsmesh-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, Document);
        try
        {
            var start = new ProcessStartInfo(redocly, ["lint", file, "--config", Path.Combine(lint, "redocly.yaml"), "--format=stylish"])
            {
                WorkingDirectory = lint,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // A lint is a local check: no usage report sent, no look-up of a newer version.
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout + await stderr;

            Assert.True(process.ExitCode == 0, $"redocly lint exited with {process.ExitCode}:\n{output}");
            Assert.False(StylishWarning().IsMatch(output), $"redocly lint reported warnings:\n{output}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SecuritySchemes_Bearer_IsHttpJwt()
    {
        var bearer = Json.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");

        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.Equal("JWT", bearer.GetProperty("bearerFormat").GetString());
        Assert.Contains("roles", bearer.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Security_Read_AnonymousOrBearer()
    {
        var security = Json.GetProperty("paths").GetProperty("/v1/articles/{article}").GetProperty("get").GetProperty("security");

        Assert.Equal("""[{},{"bearer":[]}]""", Compact(security));
    }

    [Theory]
    [InlineData("/v1/articles", "post")]
    [InlineData("/v1/articles/{article}", "patch")]
    [InlineData("/v1/articles/{article}", "delete")]
    [InlineData("/v1/articles/{article}:publish", "post")]
    public void Security_Write_BearerOnly(string path, string verb)
    {
        var security = Json.GetProperty("paths").GetProperty(path).GetProperty(verb).GetProperty("security");

        Assert.Equal("""[{"bearer":[]}]""", Compact(security));
    }

    [Theory]
    [InlineData("401")]
    [InlineData("403")]
    public void Responses_Write_ListsAuthErrorsAsStatus(string status)
    {
        var document = Json;
        var reference = document.GetProperty("paths").GetProperty("/v1/articles").GetProperty("post")
            .GetProperty("responses").GetProperty(status).GetProperty("$ref").GetString()!;

        Assert.StartsWith("#/components/responses/", reference, StringComparison.Ordinal);
        var response = document.GetProperty("components").GetProperty("responses").GetProperty(reference.Split('/')[^1]);
        Assert.Equal("#/components/schemas/google.rpc.Status",
            response.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal(JsonValueKind.Object, document.GetProperty("components").GetProperty("schemas").GetProperty("google.rpc.Status").ValueKind);
    }

    [Fact]
    public void Responses_Read_NoPermissionOrConflictErrors()
    {
        var responses = Json.GetProperty("paths").GetProperty("/v1/articles/{article}").GetProperty("get").GetProperty("responses");

        Assert.True(responses.TryGetProperty("401", out _));
        Assert.False(responses.TryGetProperty("403", out _));
        Assert.False(responses.TryGetProperty("409", out _));
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    // A problem line of the stylish format: "  12:7  warning  rule-id  message".
    [GeneratedRegex(@"^\s*\d+:\d+\s+warning\s", RegexOptions.Multiline)]
    private static partial Regex StylishWarning();
}
