using NewsMesh.Contracts.Author.V1;
using NewsMesh.Testing;

namespace NewsMesh.Authors.Tests;

/// <summary>One running author service per test class, over a database of its own.</summary>
public abstract class AuthorServiceFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private KestrelServiceHost<Program>? _host;

    public KestrelServiceHost<Program> Host => _host ?? throw new InvalidOperationException("Not started.");

    public AuthorService.AuthorServiceClient Client => new(Host.Channel);

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _host = new KestrelServiceHost<Program>(_database);
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

public sealed class SqliteAuthorServiceFixture : AuthorServiceFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresAuthorServiceFixture : AuthorServiceFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
