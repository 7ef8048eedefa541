namespace NewsMesh.Testing;

/// <summary>One running service per test class, over a database of its own (SQLite or PostgreSQL, by subclass).</summary>
public abstract class ServiceFixture<TEntryPoint, THost> : IAsyncLifetime
    where TEntryPoint : class
    where THost : KestrelServiceHost<TEntryPoint>
{
    private TestDatabase? _database;
    private THost? _host;

    public THost Host => _host ?? throw new InvalidOperationException("Not started.");

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    protected abstract THost CreateHost(TestDatabase database);

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _host = CreateHost(_database);
        try
        {
            _host.StartServer();
        }
        catch
        {
            // xunit does not call DisposeAsync when InitializeAsync fails.
            await DisposeAsync();
            throw;
        }
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
