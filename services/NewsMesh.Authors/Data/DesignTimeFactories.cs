using NewsMesh.Storage;

namespace NewsMesh.Authors.Data;

internal sealed class SqliteDesignTimeFactory : SqliteDesignTimeFactory<SqliteAuthorsDbContext>;

internal sealed class PostgresDesignTimeFactory : PostgresDesignTimeFactory<PostgresAuthorsDbContext>;
