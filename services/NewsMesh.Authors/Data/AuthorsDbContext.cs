using Microsoft.EntityFrameworkCore;
using NewsMesh.Aip.Text;
using NewsMesh.Storage.Documents;
using NewsMesh.Storage.Feed;

namespace NewsMesh.Authors.Data;

public abstract class AuthorsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<AuthorRecord> Authors => Set<AuthorRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.HasChangeFeed().Entity<AuthorRecord>(author =>
        {
            author.IsDocument();
            author.Property(a => a.Slug).HasMaxLength(TextRules.MaxSlugLength);
            author.HasIndex(a => a.Slug).IsUnique();
            author.HasIndex(a => new { a.State, a.Kind, a.ListTime, a.Id });
        });
}

/// <summary>The SQLite flavour: owns the SQLite migrations.</summary>
public sealed class SqliteAuthorsDbContext(DbContextOptions<SqliteAuthorsDbContext> options) : AuthorsDbContext(options);

/// <summary>The PostgreSQL flavour: owns the PostgreSQL migrations.</summary>
public sealed class PostgresAuthorsDbContext(DbContextOptions<PostgresAuthorsDbContext> options) : AuthorsDbContext(options);
