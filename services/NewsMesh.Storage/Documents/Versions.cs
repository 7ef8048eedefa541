namespace NewsMesh.Storage.Documents;

/// <summary>Conventions every store keeps alike, so clients see one etag style and columns compare one way.</summary>
public static class Versions
{
    /// <summary>The etag of a resource at <paramref name="revision"/>.</summary>
    public static string Etag(long revision) => $"r{revision}";

    /// <summary>Microseconds since the Unix epoch: a time column both SQLite and PostgreSQL order and compare natively.</summary>
    public static long Micros(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / 10;

    /// <summary>The time <paramref name="micros"/> microseconds after the Unix epoch.</summary>
    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
}
