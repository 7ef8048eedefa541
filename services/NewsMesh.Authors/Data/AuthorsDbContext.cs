using Microsoft.EntityFrameworkCore;

namespace NewsMesh.Authors.Data;

public abstract class AuthorsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<AuthorRecord> Authors => Set<AuthorRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AuthorRecord>(author =>
        {
            author.HasKey(a => a.Id);
            author.Property(a => a.Id).HasMaxLength(64);
            author.Property(a => a.Slug).HasMaxLength(120);
            author.Property(a => a.RequestId).HasMaxLength(64);
            author.Property(a => a.Revision).IsConcurrencyToken();
            author.HasIndex(a => a.Slug).IsUnique();
            author.HasIndex(a => a.RequestId).IsUnique();
            author.HasIndex(a => new { a.State, a.Kind, a.ListTime, a.Id });
        });
}

/// <summary>The SQLite flavour: owns the SQLite migrations.</summary>
public sealed class SqliteAuthorsDbContext(DbContextOptions<SqliteAuthorsDbContext> options) : AuthorsDbContext(options);

/// <summary>The PostgreSQL flavour: owns the PostgreSQL migrations.</summary>
public sealed class PostgresAuthorsDbContext(DbContextOptions<PostgresAuthorsDbContext> options) : AuthorsDbContext(options);
