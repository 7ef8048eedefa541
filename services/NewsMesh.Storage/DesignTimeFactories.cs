using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NewsMesh.Storage;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build a service's SQLite context without starting the service. A service
/// derives one sealed class per flavour (EF finds them in the service's assembly); nothing connects at design time.
/// </summary>
public abstract class SqliteDesignTimeFactory<TContext> : IDesignTimeDbContextFactory<TContext> where TContext : DbContext
{
    public TContext CreateDbContext(string[] args) =>
        (TContext)Activator.CreateInstance(typeof(TContext), new DbContextOptionsBuilder<TContext>().UseSqlite("Data Source=design.db").Options)!;
}

/// <summary>The PostgreSQL flavour of <see cref="SqliteDesignTimeFactory{TContext}"/>.</summary>
public abstract class PostgresDesignTimeFactory<TContext> : IDesignTimeDbContextFactory<TContext> where TContext : DbContext
{
    public TContext CreateDbContext(string[] args) =>
        (TContext)Activator.CreateInstance(typeof(TContext), new DbContextOptionsBuilder<TContext>().UseNpgsql("Host=localhost;Database=design").Options)!;
}
