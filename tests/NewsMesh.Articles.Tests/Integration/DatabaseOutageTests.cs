using Grpc.Core;
using Npgsql;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Integration;

public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task DatabaseGone_Unavailable_NotUnknown()
    {
        await using var database = await TestDatabase.PostgresAsync();
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?> { ["Cache:Enabled"] = "false" });
        host.StartServer();
        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });

        await using (var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)))
        {
            await admin.OpenAsync();
            var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
            await using var drop = new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        var status = await RpcAssert.FailsWith(StatusCode.Unavailable,
            () => host.Client.GetArticleAsync(new GetArticleRequest { Name = created.Name }).ResponseAsync);
        Assert.Equal("DATABASE_UNAVAILABLE", status.GetDetail<Google.Rpc.ErrorInfo>().Reason);
    }
}
