using Microsoft.EntityFrameworkCore;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Articles.Data;

public abstract class ArticlesDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ArticleRecord> Articles => Set<ArticleRecord>();
    public DbSet<ArticleSlugRecord> Slugs => Set<ArticleSlugRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ArticleRecord>(article =>
        {
            article.HasKey(a => a.Id);
            // Deleted articles keep their row (a request id replays to it) and nothing else reads it.
            article.HasQueryFilter(a => !a.Deleted);
            article.Property(a => a.Id).HasMaxLength(64);
            article.Property(a => a.Slug).HasMaxLength(120);
            article.Property(a => a.LanguageCode).HasMaxLength(35);
            article.Property(a => a.Section).HasMaxLength(60);
            article.Property(a => a.Label).HasMaxLength(40);
            article.Property(a => a.TranslationGroup).HasMaxLength(64);
            article.Property(a => a.RequestId).HasMaxLength(64);
            article.Property(a => a.Creator).HasMaxLength(Caller.MaxSubjectLength).HasDefaultValue("");
            article.Property(a => a.Revision).IsConcurrencyToken();
            article.HasIndex(a => a.RequestId).IsUnique();
            article.HasIndex(a => new { a.Deleted, a.ListTime, a.Id });
            article.HasIndex(a => new { a.Section, a.ListTime });
            article.HasIndex(a => new { a.State, a.PublishTime });
            article.HasIndex(a => a.TranslationGroup);
        });
        modelBuilder.Entity<ArticleSlugRecord>(slug =>
        {
            slug.HasKey(s => new { s.LanguageCode, s.Slug });
            slug.Property(s => s.LanguageCode).HasMaxLength(35);
            slug.Property(s => s.Slug).HasMaxLength(120);
            slug.Property(s => s.ArticleId).HasMaxLength(64);
            slug.HasIndex(s => s.ArticleId);
        });
    }
}

/// <summary>The SQLite flavour: owns the SQLite migrations.</summary>
public sealed class SqliteArticlesDbContext(DbContextOptions<SqliteArticlesDbContext> options) : ArticlesDbContext(options);

/// <summary>The PostgreSQL flavour: owns the PostgreSQL migrations.</summary>
public sealed class PostgresArticlesDbContext(DbContextOptions<PostgresArticlesDbContext> options) : ArticlesDbContext(options);
