using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts;

namespace NewsMesh.Gateway.Pages;

/// <summary>
/// Preview links' tokens: the article's id and the link's end, signed with <c>Gateway:PreviewKey</c> (HMAC-SHA256).
/// The token is the credential, so it is checked in constant time, and says nothing of why it is refused.
/// </summary>
public sealed class PreviewLinks(IOptions<GatewayOptions> options, TimeProvider clock)
{
    /// <summary>No token the gateway makes is longer; a longer one is refused before it is read.</summary>
    public const int MaxTokenLength = 200;

    private readonly byte[] _key = options.Value.PreviewKey is { Length: > 0 } key ? Encoding.UTF8.GetBytes(key) : RandomNumberGenerator.GetBytes(32);

    public TimeSpan Lifetime => options.Value.PreviewLifetime;

    /// <summary>A token for the article <paramref name="articleId"/> that works until <paramref name="expires"/>.</summary>
    public string Issue(string articleId, DateTimeOffset expires)
    {
        var payload = articleId + "." + expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return payload + "." + Signature(payload);
    }

    /// <summary>The article a token names, when the gateway signed it and it has not expired; null otherwise.</summary>
    public string? Read(string token)
    {
        if (token.Length > MaxTokenLength)
        {
            return null;
        }
        var parts = token.Split('.');
        if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }
        var payload = parts[0] + "." + parts[1];
        var expected = Encoding.ASCII.GetBytes(Signature(payload));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])))
        {
            return null;
        }
        return clock.GetUtcNow().ToUnixTimeSeconds() < expires ? Resources.Article.Name(parts[0]) : null;
    }

    private string Signature(string payload) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
