using NewsMesh.Contracts.Media.V1;
using NewsMesh.Testing;

namespace NewsMesh.Media.Tests.Integration;

public abstract class MediaServiceFixture : ServiceFixture<Program, KestrelServiceHost<Program>>
{
    public MediaService.MediaServiceClient Client => new(Host.Channel);

    public MediaService.MediaServiceClient Admin => new(Host.AdminChannel);

    /// <summary>Where the service keeps originals and renditions.</summary>
    public string DataDirectory { get; private set; } = "";

    protected abstract Task<TestDatabase> CreateDatabaseCoreAsync();

    protected sealed override async Task<TestDatabase> CreateDatabaseAsync()
    {
        var database = await CreateDatabaseCoreAsync();
        DataDirectory = database.DataDirectory;
        return database;
    }

    protected override KestrelServiceHost<Program> CreateHost(TestDatabase database) => new(database);
}

public sealed class SqliteMediaServiceFixture : MediaServiceFixture
{
    protected override Task<TestDatabase> CreateDatabaseCoreAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresMediaServiceFixture : MediaServiceFixture
{
    protected override Task<TestDatabase> CreateDatabaseCoreAsync() => TestDatabase.PostgresAsync();
}
