using NewsMesh.Contracts.Author.V1;
using NewsMesh.Testing;

namespace NewsMesh.Authors.Tests;

public abstract class AuthorServiceFixture : ServiceFixture<Program, KestrelServiceHost<Program>>
{
    public AuthorService.AuthorServiceClient Client => new(Host.Channel);

    public AuthorService.AuthorServiceClient Admin => new(Host.AdminChannel);

    protected override KestrelServiceHost<Program> CreateHost(TestDatabase database) => new(database);
}

public sealed class SqliteAuthorServiceFixture : AuthorServiceFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresAuthorServiceFixture : AuthorServiceFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
