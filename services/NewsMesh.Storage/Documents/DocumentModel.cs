using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsMesh.Aip.Text;

namespace NewsMesh.Storage.Documents;

public static class DocumentModel
{
    /// <summary>The longest request id stored: a UUID in its canonical form is 36 characters.</summary>
    public const int RequestIdMaxLength = 64;

    /// <summary>
    /// The columns every document row has: the id as key, the revision as concurrency token, one create per request
    /// id; and for a row that is <see cref="ISoftDeleted"/>, the filter that hides deleted rows from every query that
    /// does not ask for them (<c>IgnoreQueryFilters</c>).
    /// </summary>
    public static EntityTypeBuilder<TRow> IsDocument<TRow>(this EntityTypeBuilder<TRow> row) where TRow : DocumentRow
    {
        if (typeof(ISoftDeleted).IsAssignableFrom(typeof(TRow)))
        {
            row.HasQueryFilter(r => !EF.Property<bool>(r, nameof(ISoftDeleted.Deleted)));
        }
        row.HasKey(r => r.Id);
        row.Property(r => r.Id).HasMaxLength(TextRules.ResourceIdMaxLength);
        row.Property(r => r.RequestId).HasMaxLength(RequestIdMaxLength);
        row.Property(r => r.Revision).IsConcurrencyToken();
        row.HasIndex(r => r.RequestId).IsUnique();
        return row;
    }
}
