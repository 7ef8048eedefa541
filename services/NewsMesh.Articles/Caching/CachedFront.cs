using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Google.Protobuf;
using NewsMesh.Aip.Paging;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Storage.Documents;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// A front's newest published articles as stored, and what says whether it still holds: the feed's head when it was
/// read (a later change naming the front makes it stale) and when its next scheduled article is due. The first page
/// sizes asked for are kept encoded, as the bytes of a <see cref="ListArticlesResponse"/>.
/// </summary>
public sealed class CachedFront
{
    /// <summary>How many page sizes are kept encoded; others (a caller may ask for any size up to the depth) are encoded per request.</summary>
    public const int KeptPages = 2;

    private readonly ConcurrentDictionary<int, byte[]> _pages = new();

    public long LoadedAt { get; init; }

    /// <summary>When the front's next scheduled article is due (microseconds since the Unix epoch), or null.</summary>
    public long? Due { get; init; }

    /// <summary>
    /// Until when the front may be answered (microseconds since the Unix epoch): its due time, or, read when that time
    /// had passed and the scheduler had not yet published, a second later (a scheduler pass); null with nothing due.
    /// </summary>
    public long? Until { get; init; }

    /// <summary>Whether the front has more articles than <see cref="Items"/>.</summary>
    public bool More { get; init; }

    public IReadOnlyList<StoredResource> Items { get; init; } = [];

    [JsonIgnore]
    public bool IsEmpty => Items.Count == 0;

    /// <summary>The first page of <paramref name="size"/> (at most the items held), its next page token made by <paramref name="token"/>.</summary>
    public byte[] Page(int size, Func<ListCursor, string> token)
    {
        if (_pages.TryGetValue(size, out var kept))
        {
            return kept;
        }
        var page = Encode(size, token);
        if (_pages.Count < KeptPages)
        {
            _pages.TryAdd(size, page);
        }
        return page;
    }

    private byte[] Encode(int n, Func<ListCursor, string> token)
    {
        var count = Math.Min(n, Items.Count);
        var next = Items.Count > n || (Items.Count == n && More) ? token(new ListCursor(Items[n - 1].ListTime, Items[n - 1].Id)) : "";
        var response = new ListArticlesResponse { NextPageToken = next };
        // Each article goes in as the length-delimited bytes it is stored as: the wire form of an embedded message.
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            length += 1 + CodedOutputStream.ComputeLengthSize(Items[i].Document.Length) + Items[i].Document.Length;
        }
        var bytes = new byte[length + response.CalculateSize()];
        var output = new CodedOutputStream(bytes);
        for (var i = 0; i < count; i++)
        {
            output.WriteTag(ListArticlesResponse.ArticlesFieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(UnsafeByteOperations.UnsafeWrap(Items[i].Document));
        }
        response.WriteTo(output);
        output.CheckNoSpaceLeft();
        return bytes;
    }
}
