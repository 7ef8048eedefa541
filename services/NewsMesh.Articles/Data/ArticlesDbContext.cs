using Microsoft.EntityFrameworkCore;
using NewsMesh.Aip.Text;
using NewsMesh.Articles.Domain;
using NewsMesh.ServiceDefaults.Identity;
using NewsMesh.Storage.Documents;
using NewsMesh.Storage.Feed;

namespace NewsMesh.Articles.Data;

public abstract class ArticlesDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ArticleRecord> Articles => Set<ArticleRecord>();
    public DbSet<ArticleSlugRecord> Slugs => Set<ArticleSlugRecord>();
    public DbSet<ArticleRevisionRecord> Revisions => Set<ArticleRevisionRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasChangeFeed();
        modelBuilder.Entity<ArticleRecord>(article =>
        {
            // Deleted articles keep their row (a request id replays to it) and nothing else reads it.
            article.IsDocument();
            article.Property(a => a.Slug).HasMaxLength(TextRules.MaxSlugLength);
            article.Property(a => a.LanguageCode).HasMaxLength(TextRules.LanguageTagMaxLength);
            article.Property(a => a.Section).HasMaxLength(ArticleLimits.SectionMax);
            article.Property(a => a.Label).HasMaxLength(ArticleLimits.LabelMax);
            article.Property(a => a.TranslationGroup).HasMaxLength(TextRules.ResourceIdMaxLength);
            article.Property(a => a.Creator).HasMaxLength(Caller.MaxSubjectLength).HasDefaultValue("");
            article.HasIndex(a => new { a.Deleted, a.ListTime, a.Id });
            article.HasIndex(a => new { a.Section, a.ListTime });
            article.HasIndex(a => new { a.State, a.PublishTime });
            article.HasIndex(a => a.TranslationGroup);
            article.Property(a => a.TranslationSourceId).HasMaxLength(TextRules.ResourceIdMaxLength);
            article.HasIndex(a => a.TranslationSourceId);
        });
        modelBuilder.Entity<ArticleRevisionRecord>(revision =>
        {
            // Pages of one article's history, newest first, are a walk of this key backwards.
            revision.HasKey(r => new { r.ArticleId, r.Revision });
            revision.Property(r => r.ArticleId).HasMaxLength(TextRules.ResourceIdMaxLength);
            revision.Property(r => r.Creator).HasMaxLength(Caller.MaxSubjectLength);
        });
        modelBuilder.Entity<ArticleSlugRecord>(slug =>
        {
            slug.HasKey(s => new { s.LanguageCode, s.Slug });
            slug.Property(s => s.LanguageCode).HasMaxLength(TextRules.LanguageTagMaxLength);
            slug.Property(s => s.Slug).HasMaxLength(TextRules.MaxSlugLength);
            slug.Property(s => s.ArticleId).HasMaxLength(TextRules.ResourceIdMaxLength);
            slug.HasIndex(s => s.ArticleId);
        });
    }
}

/// <summary>The SQLite flavour: owns the SQLite migrations.</summary>
public sealed class SqliteArticlesDbContext(DbContextOptions<SqliteArticlesDbContext> options) : ArticlesDbContext(options);

/// <summary>The PostgreSQL flavour: owns the PostgreSQL migrations.</summary>
public sealed class PostgresArticlesDbContext(DbContextOptions<PostgresArticlesDbContext> options) : ArticlesDbContext(options);
