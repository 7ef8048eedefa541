using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NewsMesh.ServiceDefaults.Identity;

/// <summary>
/// A JSON Web Key Set file: the keys that validate tokens, and, where a key has its private part (the local mesh's
/// file, a test's), the one that signs them. The first private key signs; every key validates, so a new key is
/// added first and the old one removed once its tokens have expired.
/// </summary>
public sealed class SigningKeys
{
    private SigningKeys(IReadOnlyList<SecurityKey> validating, SigningCredentials? signing)
    {
        Validating = validating;
        Signing = signing;
    }

    public IReadOnlyList<SecurityKey> Validating { get; }

    /// <summary>Credentials to sign with; null when the file holds public keys only.</summary>
    public SigningCredentials? Signing { get; }

    public static SigningKeys Load(string path)
    {
        var set = new JsonWebKeySet(File.ReadAllText(path));
        var validating = new List<SecurityKey>();
        SigningCredentials? signing = null;
        foreach (var jwk in set.Keys)
        {
            if (string.IsNullOrEmpty(jwk.Kid))
            {
                // Tokens name their key, and a token naming none is refused: a key without a kid could sign nothing.
                throw new InvalidOperationException($"{path}: every key needs a kid.");
            }
            (SecurityKey key, string algorithm) = jwk.Kty switch
            {
                JsonWebAlgorithmsKeyTypes.EllipticCurve => ((SecurityKey)EcKey(jwk), jwk.Alg is { Length: > 0 } a ? a : SecurityAlgorithms.EcdsaSha256),
                JsonWebAlgorithmsKeyTypes.RSA => ((SecurityKey)RsaKey(jwk), jwk.Alg is { Length: > 0 } b ? b : SecurityAlgorithms.RsaSha256),
                _ => throw new InvalidOperationException($"{path}: key {jwk.Kid} is of type {jwk.Kty}; only EC and RSA keys are used."),
            };
            validating.Add(key);
            if (signing is null && jwk.HasPrivateKey)
            {
                signing = new SigningCredentials(key, algorithm);
            }
        }
        if (validating.Count == 0)
        {
            throw new InvalidOperationException($"{path} holds no keys.");
        }
        return new SigningKeys(validating, signing);
    }

    /// <summary>Why the key set in <paramref name="path"/> cannot be used; null when it can.</summary>
    public static string? ProblemWith(string path)
    {
        try
        {
            Load(path);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or System.Text.Json.JsonException or CryptographicException)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Writes a new key set with one ES256 key (private part included) unless <paramref name="path"/> exists. Two
    /// processes making it at once (the launcher and the token command) end with one of the two sets, whole.
    /// </summary>
    public static void CreateIfMissing(string path)
    {
        if (File.Exists(path))
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ec.ExportParameters(includePrivateParameters: true);
        var key = new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["use"] = "sig",
            ["alg"] = "ES256",
            ["kid"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            ["x"] = Base64UrlEncoder.Encode(p.Q.X),
            ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
            ["d"] = Base64UrlEncoder.Encode(p.D),
        };
        var temporary = $"{path}.{Guid.NewGuid():N}.new";
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Owner-only from the first byte: the file holds a private key.
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new FileStream(temporary, create))
        {
            JsonSerializer.Serialize(file, new Dictionary<string, object> { ["keys"] = new[] { key } });
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made the set first: that one stands.
            File.Delete(temporary);
        }
    }

    /// <summary>A signed token for <paramref name="subject"/> with <paramref name="roles"/>.</summary>
    public string Issue(string issuer, string audience, string subject, IReadOnlyCollection<string> roles, TimeSpan lifetime, DateTimeOffset now)
    {
        var signing = Signing ?? throw new InvalidOperationException("The key set holds no private key to sign with.");
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["roles"] = roles.ToArray() };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = signing,
        });
    }

    private static ECDsaSecurityKey EcKey(JsonWebKey jwk)
    {
        var curve = jwk.Crv switch
        {
            "P-256" => ECCurve.NamedCurves.nistP256,
            "P-384" => ECCurve.NamedCurves.nistP384,
            "P-521" => ECCurve.NamedCurves.nistP521,
            _ => throw new InvalidOperationException($"Key {jwk.Kid}: curve {jwk.Crv} is not supported."),
        };
        var ec = ECDsa.Create(new ECParameters
        {
            Curve = curve,
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) },
            D = jwk.D is { Length: > 0 } d ? Base64UrlEncoder.DecodeBytes(d) : null,
        });
        return new ECDsaSecurityKey(ec) { KeyId = jwk.Kid };
    }

    private static RsaSecurityKey RsaKey(JsonWebKey jwk)
    {
        var parameters = new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(jwk.N), Exponent = Base64UrlEncoder.DecodeBytes(jwk.E) };
        if (jwk.D is { Length: > 0 })
        {
            parameters.D = Base64UrlEncoder.DecodeBytes(jwk.D);
            parameters.P = Base64UrlEncoder.DecodeBytes(jwk.P);
            parameters.Q = Base64UrlEncoder.DecodeBytes(jwk.Q);
            parameters.DP = Base64UrlEncoder.DecodeBytes(jwk.DP);
            parameters.DQ = Base64UrlEncoder.DecodeBytes(jwk.DQ);
            parameters.InverseQ = Base64UrlEncoder.DecodeBytes(jwk.QI);
        }
        return new RsaSecurityKey(RSA.Create(parameters)) { KeyId = jwk.Kid };
    }
}
