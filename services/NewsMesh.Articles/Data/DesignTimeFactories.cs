using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NewsMesh.Articles.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build each flavour without starting the service.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteArticlesDbContext>
{
    public SqliteArticlesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteArticlesDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresArticlesDbContext>
{
    public PostgresArticlesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresArticlesDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
