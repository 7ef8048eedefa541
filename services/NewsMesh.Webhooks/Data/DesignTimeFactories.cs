using NewsMesh.Storage;

namespace NewsMesh.Webhooks.Data;

internal sealed class SqliteDesignTimeFactory : SqliteDesignTimeFactory<SqliteWebhooksDbContext>;

internal sealed class PostgresDesignTimeFactory : PostgresDesignTimeFactory<PostgresWebhooksDbContext>;
