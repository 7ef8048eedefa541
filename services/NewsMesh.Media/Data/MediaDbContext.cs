using Microsoft.EntityFrameworkCore;
using NewsMesh.Storage.Documents;
using NewsMesh.Storage.Feed;

namespace NewsMesh.Media.Data;

public abstract class MediaDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<MediaRecord> Media => Set<MediaRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.HasChangeFeed().Entity<MediaRecord>(media =>
        {
            media.IsDocument();
            // A SHA-256 in hex.
            media.Property(m => m.Sha256).HasMaxLength(64);
            media.HasIndex(m => m.Sha256);
            media.HasIndex(m => new { m.ListTime, m.Id });
            media.HasIndex(m => m.RightsExpireTime);
            media.HasIndex(m => new { m.WithdrawalAnnounced, m.RightsExpireTime });
            // Two looks at ended licences (two replicas) must not both tell of one: the second finds it told.
            media.Property(m => m.WithdrawalAnnounced).IsConcurrencyToken();
        });
}

/// <summary>The SQLite flavour: owns the SQLite migrations.</summary>
public sealed class SqliteMediaDbContext(DbContextOptions<SqliteMediaDbContext> options) : MediaDbContext(options);

/// <summary>The PostgreSQL flavour: owns the PostgreSQL migrations.</summary>
public sealed class PostgresMediaDbContext(DbContextOptions<PostgresMediaDbContext> options) : MediaDbContext(options);
