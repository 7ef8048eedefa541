using System.Security.Cryptography;
using System.Text;

namespace NewsMesh.Webhooks.Domain;

/// <summary>
/// Standard Webhooks signing (https://www.standardwebhooks.com): the HMAC-SHA256, under the secret's bytes, of
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, sent as <c>v1,</c> and its base64 in <c>webhook-signature</c>.
/// </summary>
public static class Signatures
{
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SubscriptionRules.SecretPrefix, StringComparison.Ordinal)
            ? secret[SubscriptionRules.SecretPrefix.Length..]
            : secret);
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
