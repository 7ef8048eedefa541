using NewsMesh.Storage;

namespace NewsMesh.Articles.Data;

internal sealed class SqliteDesignTimeFactory : SqliteDesignTimeFactory<SqliteArticlesDbContext>;

internal sealed class PostgresDesignTimeFactory : PostgresDesignTimeFactory<PostgresArticlesDbContext>;
