using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace NewsMesh.Aip.Paging;

/// <summary>
/// Opaque page tokens (AIP-158): the cursor and a fingerprint of the filter, signed with HMAC-SHA256 so a
/// token the service did not issue, or one reused with another filter, is refused rather than trusted.
/// </summary>
public sealed class PageTokens(string key)
{
    private const byte Version = 1;
    private const int MacLength = 16;
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public string Issue(ListCursor cursor, string filter)
    {
        var id = Encoding.UTF8.GetBytes(cursor.Id);
        var body = new byte[1 + 8 + 8 + id.Length];
        body[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(body.AsSpan(1), cursor.ListTime);
        BinaryPrimitives.WriteInt64BigEndian(body.AsSpan(9), Fingerprint(filter));
        id.CopyTo(body, 17);
        return Base64Url.EncodeToString([.. body, .. Mac(body)]);
    }

    /// <summary>A response's <c>next_page_token</c>: empty on the last page.</summary>
    public string Next(ListCursor? next, string filter) => next is null ? "" : Issue(next, filter);

    /// <summary>The cursor, or null when the token is not one this service issued for this filter.</summary>
    public ListCursor? Read(string token, string filter)
    {
        byte[] raw;
        try
        {
            raw = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }
        if (raw.Length < 17 + 1 + MacLength || raw[0] != Version)
        {
            return null;
        }
        var body = raw.AsSpan(0, raw.Length - MacLength);
        if (!CryptographicOperations.FixedTimeEquals(Mac(body), raw.AsSpan(raw.Length - MacLength))
            || BinaryPrimitives.ReadInt64BigEndian(body[9..]) != Fingerprint(filter))
        {
            return null;
        }
        return new ListCursor(BinaryPrimitives.ReadInt64BigEndian(body[1..]), Encoding.UTF8.GetString(body[17..]));
    }

    private byte[] Mac(ReadOnlySpan<byte> body) => HMACSHA256.HashData(_key, body)[..MacLength];

    private static long Fingerprint(string filter) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(filter)));
}
