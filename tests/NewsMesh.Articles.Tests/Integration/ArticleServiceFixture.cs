using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Integration;

public abstract class ArticleServiceFixture : ServiceFixture<Program, ArticleServiceHost>
{
    protected override ArticleServiceHost CreateHost(TestDatabase database) => new(database);
}

public sealed class SqliteArticleServiceFixture : ArticleServiceFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresArticleServiceFixture : ArticleServiceFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
