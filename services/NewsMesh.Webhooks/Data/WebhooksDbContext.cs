using Microsoft.EntityFrameworkCore;
using NewsMesh.Storage.Documents;

namespace NewsMesh.Webhooks.Data;

public abstract class WebhooksDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<SubscriptionRecord> Subscriptions => Set<SubscriptionRecord>();

    public DbSet<DeliveryRecord> Deliveries => Set<DeliveryRecord>();

    public DbSet<FeedPositionRecord> FeedPositions => Set<FeedPositionRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SubscriptionRecord>(subscription =>
        {
            subscription.IsDocument();
            subscription.HasIndex(s => new { s.ListTime, s.Id });
        });
        modelBuilder.Entity<DeliveryRecord>(delivery =>
        {
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.SubscriptionId).HasMaxLength(64);
            delivery.Property(d => d.Feed).HasMaxLength(32);
            delivery.Property(d => d.Resource).HasMaxLength(200);
            delivery.Property(d => d.LastError).HasMaxLength(500);
            delivery.HasIndex(d => new { d.SubscriptionId, d.Feed, d.Sequence }).IsUnique();
            // The sender's questions: what is due, and what waits for an earlier change to the same resource.
            delivery.HasIndex(d => new { d.State, d.NextAttemptTime });
            delivery.HasIndex(d => new { d.SubscriptionId, d.Resource, d.State, d.Id });
            // Listing, newest first, by state.
            delivery.HasIndex(d => new { d.SubscriptionId, d.State, d.Id });
        });
        modelBuilder.Entity<FeedPositionRecord>(position =>
        {
            position.HasKey(p => new { p.Consumer, p.Feed });
            position.Property(p => p.Consumer).HasMaxLength(32);
            position.Property(p => p.Feed).HasMaxLength(32);
        });
    }
}

/// <summary>The SQLite flavour: owns the SQLite migrations.</summary>
public sealed class SqliteWebhooksDbContext(DbContextOptions<SqliteWebhooksDbContext> options) : WebhooksDbContext(options);

/// <summary>The PostgreSQL flavour: owns the PostgreSQL migrations.</summary>
public sealed class PostgresWebhooksDbContext(DbContextOptions<PostgresWebhooksDbContext> options) : WebhooksDbContext(options);
