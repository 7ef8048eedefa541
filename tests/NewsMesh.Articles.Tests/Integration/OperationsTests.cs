using System.Net;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>What operators rely on: health, reflection, metrics, and settings checked at start.</summary>
public class OperationsTests(SqliteArticleServiceFixture fixture) : IClassFixture<SqliteArticleServiceFixture>
{
    [Theory]
    [InlineData("/healthz/live")]
    [InlineData("/healthz/ready")]
    public async Task HealthEndpoints_Healthy(string path)
    {
        using var http = fixture.Host.CreateHttpClient();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GrpcHealth_Serving()
    {
        var health = new Health.HealthClient(fixture.Host.Channel);
        var reply = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Reflection_ListsArticleService()
    {
        var reflection = new ServerReflection.ServerReflectionClient(fixture.Host.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Contains("newsmesh.article.v1.ArticleService", call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
    }

    [Fact]
    public async Task Metrics_PrometheusScrape_HasRequestDurations()
    {
        using var http = fixture.Host.CreateHttpClient();
        (await http.GetAsync("/v1/articles")).EnsureSuccessStatusCode();

        var scrape = await http.GetStringAsync("/metrics");

        Assert.Contains("http_server_request_duration_seconds", scrape, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Endpoints:GrpcPort", "0", "GrpcPort")]
    [InlineData("Articles:PageTokenKey", "short", "PageTokenKey")]
    [InlineData("Storage:Provider", "Postgres", "Storage:ConnectionString")]
    [InlineData("Auth:ClockSkew", "00:01:00", "Auth:ClockSkew")]
    [InlineData("Auth:Algorithms:0", "HS256", "Auth:Algorithms")]
    [InlineData("Auth:SigningKeysFile", "/nowhere/jwks.json", "Auth:SigningKeysFile")]
    [InlineData("Auth:Authority", "https://id.example.org/realms/newsroom", "exactly one of Auth:Authority")]
    public async Task BadSetting_FailsAtStart_NamingIt(string key, string value, string named)
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?> { [key] = value });

        var e = Assert.ThrowsAny<Exception>(host.StartServer);

        Assert.Contains(named, e.ToString(), StringComparison.Ordinal);
    }
}
