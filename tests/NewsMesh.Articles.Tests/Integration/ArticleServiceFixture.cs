using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>One running article service per test class, over a database of its own.</summary>
public abstract class ArticleServiceFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private ArticleServiceHost? _host;

    public ArticleServiceHost Host => _host ?? throw new InvalidOperationException("Not started.");
    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not started.");

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _host = new ArticleServiceHost(_database);
        _host.StartServer();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqliteArticleServiceFixture : ArticleServiceFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresArticleServiceFixture : ArticleServiceFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
