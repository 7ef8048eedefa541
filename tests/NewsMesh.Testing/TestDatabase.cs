using Npgsql;

namespace NewsMesh.Testing;

/// <summary>
/// A database of its own for one test host: a SQLite folder in the temp directory, or a fresh database on the
/// PostgreSQL server named by <c>NEWSMESH_TEST_POSTGRES</c> (the test script starts a throwaway cluster and sets it).
/// Disposing removes it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "NEWSMESH_TEST_POSTGRES";

    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(string provider, string dataDirectory, string? connectionString, string? postgresAdmin, string? postgresName)
    {
        Provider = provider;
        DataDirectory = dataDirectory;
        ConnectionString = connectionString;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    public string Provider { get; }
    public string DataDirectory { get; }
    public string? ConnectionString { get; }

    /// <summary>Settings for the service's <c>Storage</c> section.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = Provider,
        ["Storage:DataDirectory"] = DataDirectory,
        ["Storage:ConnectionString"] = ConnectionString,
    };

    /// <summary>A database of <paramref name="provider"/> (<c>Sqlite</c> or <c>Postgres</c>), for tests run once per provider.</summary>
    public static async Task<TestDatabase> OfAsync(string provider) => provider switch
    {
        "Sqlite" => Sqlite(),
        "Postgres" => await PostgresAsync(),
        _ => throw new ArgumentException($"No provider '{provider}'.", nameof(provider)),
    };

    public static TestDatabase Sqlite() =>
        new("Sqlite", Directory.CreateTempSubdirectory("newsmesh-test-").FullName, null, null, null);

    public static async Task<TestDatabase> PostgresAsync()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with scripts/test.sh, which starts a throwaway PostgreSQL and sets it.");
        }
        var name = "newsmesh_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase("Postgres", Directory.CreateTempSubdirectory("newsmesh-test-").FullName, builder.ConnectionString, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        Directory.Delete(DataDirectory, recursive: true);
    }
}
