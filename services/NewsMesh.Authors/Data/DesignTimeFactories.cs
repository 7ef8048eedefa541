using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NewsMesh.Authors.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build each flavour without starting the service.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAuthorsDbContext>
{
    public SqliteAuthorsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAuthorsDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAuthorsDbContext>
{
    public PostgresAuthorsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAuthorsDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
