using NewsMesh.Storage;

namespace NewsMesh.Media.Data;

internal sealed class SqliteDesignTimeFactory : SqliteDesignTimeFactory<SqliteMediaDbContext>;

internal sealed class PostgresDesignTimeFactory : PostgresDesignTimeFactory<PostgresMediaDbContext>;
