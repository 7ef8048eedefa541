using System.Security.Cryptography;
using System.Text;

namespace NewsMesh.Articles.Caching;

/// <summary>
/// Cache keys. They are versioned (a change of value format bumps the version, so old entries are never read)
/// and built from internal ids; a slug key is a hash of the canonical language and slug, never the raw input.
/// </summary>
public static class ArticleCacheKeys
{
    public const string Prefix = "newsmesh:articles:v1:";

    public static string Article(string id) => "id:" + id;

    public static string Slug(string languageCode, string slug) =>
        "slug:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(languageCode + "\n" + slug)))[..32];
}
