using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// Cache keys and the values Redis holds under them. Keys are versioned by <see cref="Prefix"/>, which FusionCache and
/// <see cref="RedisLevel"/> put in front of them (a change of value format bumps the version,
/// so old entries are never read) and built from internal ids; a slug key is a hash of the canonical language and
/// slug, never the raw input. A value starts with one byte: 0 for a remembered miss, 1 for a value.
/// </summary>
public static class ArticleCacheKeys
{
    public const string Prefix = "newsmesh:articles:v2:";
    private const byte Miss = 0;
    private const byte Value = 1;
    private const int Header = 1 + 4 + 8 + 2 + 2;

    public static string Article(string id) => "id:" + id;

    public static string Slug(string languageCode, string slug) =>
        "slug:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(languageCode + "\n" + slug)))[..32];

    /// <summary>An article's value: its visibility facts in a fixed header, then its protobuf bytes, so a read never parses the article.</summary>
    public static byte[] Encode(EncodedArticle? article)
    {
        if (article is null)
        {
            return [Miss];
        }
        var id = Encoding.UTF8.GetBytes(article.Id);
        var creator = Encoding.UTF8.GetBytes(article.Creator);
        var value = new byte[Header + id.Length + creator.Length + article.Bytes.Length];
        value[0] = Value;
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(1), article.State);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(5), article.EmbargoTime ?? long.MinValue);
        BinaryPrimitives.WriteUInt16LittleEndian(value.AsSpan(13), checked((ushort)id.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(value.AsSpan(15), checked((ushort)creator.Length));
        id.CopyTo(value, Header);
        creator.CopyTo(value, Header + id.Length);
        article.Bytes.CopyTo(value, Header + id.Length + creator.Length);
        return value;
    }

    public static Found<EncodedArticle> DecodeArticle(ReadOnlyMemory<byte> value)
    {
        var span = value.Span;
        if (span.Length == 1 && span[0] == Miss)
        {
            return new Found<EncodedArticle>(true, null);
        }
        if (span.Length < Header || span[0] != Value)
        {
            return default;
        }
        int idLength = BinaryPrimitives.ReadUInt16LittleEndian(span[13..]), creatorLength = BinaryPrimitives.ReadUInt16LittleEndian(span[15..]);
        if (span.Length < Header + idLength + creatorLength)
        {
            return default;
        }
        var embargo = BinaryPrimitives.ReadInt64LittleEndian(span[5..]);
        return new Found<EncodedArticle>(true, new EncodedArticle(
            Encoding.UTF8.GetString(span.Slice(Header, idLength)),
            span[(Header + idLength + creatorLength)..].ToArray(),
            BinaryPrimitives.ReadInt32LittleEndian(span[1..]),
            embargo == long.MinValue ? null : embargo,
            Encoding.UTF8.GetString(span.Slice(Header + idLength, creatorLength))));
    }

    public static byte[] Encode(string? id) => id is null ? [Miss] : [Value, .. Encoding.UTF8.GetBytes(id)];

    public static Found<string> DecodeId(ReadOnlyMemory<byte> value)
    {
        var span = value.Span;
        return span.Length switch
        {
            1 when span[0] == Miss => new Found<string>(true, null),
            > 1 when span[0] == Value => new Found<string>(true, Encoding.UTF8.GetString(span[1..])),
            _ => default,
        };
    }
}

/// <summary>What a level held: nothing (<see cref="Hit"/> false), a remembered miss (a hit with no value), or a value.</summary>
public readonly record struct Found<T>(bool Hit, T? Value) where T : class;
