using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Storage.Documents;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Data;

/// <summary>
/// Moves the usage terms of media written while they were free text (field 8 of the document, now reserved) into
/// <c>rights.usage_terms</c>, at start, after the migrations and before requests: a migration cannot read the
/// protobuf document, so this does. The migration marks those rows; each is left unmarked once moved.
/// </summary>
public sealed partial class LegacyRightsBackfill(IServiceScopeFactory scopes, ILogger<LegacyRightsBackfill> logger) : IHostedService
{
    private const int Batch = 500;
    private const int LegacyRightsField = 8;
    private static readonly MessageParser<MediaResource> Dropping = MediaResource.Parser.WithDiscardUnknownFields(true);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MediaDbContext>();
        var moved = 0;
        while (await db.Media.IgnoreQueryFilters().Where(m => m.LegacyRights).OrderBy(m => m.Id).Take(Batch).ToListAsync(cancellationToken) is { Count: > 0 } rows)
        {
            foreach (var row in rows)
            {
                var media = Dropping.ParseFrom(row.Document);
                if (UsageTerms(row.Document) is { Length: > 0 } terms && media.Rights is null)
                {
                    media.Rights = new Rights { UsageTerms = terms };
                }
                row.Document = media.ToByteArray();
                row.LegacyRights = false;
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                moved += rows.Count;
            }
            catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e))
            {
                // Another replica moved or wrote one of these meanwhile; the next look finds what is left.
            }
            db.ChangeTracker.Clear();
        }
        if (moved > 0)
        {
            LogMoved(moved);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The text of the old field, read from the wire format.</summary>
    public static string? UsageTerms(byte[] document)
    {
        var input = new CodedInputStream(document);
        string? terms = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == WireFormat.MakeTag(LegacyRightsField, WireFormat.WireType.LengthDelimited))
            {
                terms = input.ReadString();
            }
            else
            {
                input.SkipLastField();
            }
        }
        return terms;
    }

    [LoggerMessage(LogLevel.Information, "Moved the free-text usage terms of {Count} media into their rights")]
    private partial void LogMoved(int count);
}
