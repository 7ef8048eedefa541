using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NewsMesh.Media.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build each flavour without starting the service.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMediaDbContext>
{
    public SqliteMediaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMediaDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMediaDbContext>
{
    public PostgresMediaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMediaDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
