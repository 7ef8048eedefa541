using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.IdentityModel.Tokens;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Security.Tests;

/// <summary>
/// Tokens that must not hold, each sent on a write and on a read, straight to the article service and through the
/// gateway: every one is UNAUTHENTICATED, never served as if the caller were anonymous.
/// </summary>
[Collection(SecurityMeshUsers.Name)]
public sealed class BadTokenTests(SecurityMesh fixture)
{
    public static readonly TheoryData<string, string, string> Cases = Combine(
        ["alg none", "HS256 with the public key as secret", "wrong issuer", "wrong audience", "expired", "not yet valid",
         "unknown kid", "signed by another key", "malformed base64", "malformed JSON", "over 8 KB", "not a bearer token",
         "no subject", "a subject over 256 characters"],
        ["write", "read"],
        [SecurityMesh.Direct, SecurityMesh.ThroughGateway]);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadToken_Refused_NeverAnonymous(string token, string call, string path)
    {
        var published = await fixture.PublishedAsync();
        using var channel = TestIdentity.Channel(Address(path), null);
        var client = new ArticleService.ArticleServiceClient(channel);
        var headers = new Metadata { { "Authorization", Header(token) } };

        var e = await Assert.ThrowsAsync<RpcException>(() => call == "write"
            ? client.CreateArticleAsync(new CreateArticleRequest { Article = SecurityMesh.NewArticle() }, headers).ResponseAsync
            : client.GetArticleAsync(new GetArticleRequest { Name = published.Name }, headers).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        // Nothing of the token comes back.
        Assert.DoesNotContain(headers.GetValue("authorization")![^12..], e.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("expired")]
    [InlineData("signed by another key")]
    [InlineData("not a bearer token")]
    public async Task NoOrBadToken_OverJson_401WithWwwAuthenticate_AndAStatusBody(string token)
    {
        using var web = fixture.Mesh.Web();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/articles")
        {
            Content = new StringContent("""{"slug": "x", "languageCode": "en", "section": "world", "headline": "x"}""", Encoding.UTF8, "application/json"),
        };
        if (token != "none")
        {
            request.Headers.TryAddWithoutValidation("Authorization", Header(token));
        }

        using var response = await web.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)StatusCode.Unauthenticated, body.RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task HugeAuthorizationHeader_431Or401_AndTheGatewayStaysUp()
    {
        using var web = fixture.Mesh.Web();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/articles");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('a', 64 * 1024));

        using var response = await web.SendAsync(request);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.RequestHeaderFieldsTooLarge, HttpStatusCode.Unauthorized });
        using var health = await web.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task ValidTokenWithAnUnknownRole_ReadsLikeAnonymous_WritesDenied()
    {
        var draft = await fixture.DraftAsync();
        var published = await fixture.PublishedAsync();
        using var channel = TestIdentity.Channel(Address(SecurityMesh.ThroughGateway), TestIdentity.Shared.Token("stranger", "superuser", "root"));
        var client = new ArticleService.ArticleServiceClient(channel);

        Assert.Equal(published.Name, (await client.GetArticleAsync(new GetArticleRequest { Name = published.Name })).Name);
        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await client.GetArticleAsync(new GetArticleRequest { Name = draft.Name }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () =>
            await client.CreateArticleAsync(new CreateArticleRequest { Article = SecurityMesh.NewArticle() }));
    }

    private string Address(string path) => path == SecurityMesh.Direct
        ? fixture.Mesh.Articles.GrpcAddress
        : $"http://127.0.0.1:{fixture.Mesh.Gateway.GrpcPort}";

    /// <summary>The <c>Authorization</c> header that carries the bad token named <paramref name="kind"/>.</summary>
    private static string Header(string kind)
    {
        var now = DateTimeOffset.UtcNow;
        var keys = TestIdentity.Shared.Keys;
        var ec = ((ECDsaSecurityKey)keys.Signing!.Key).ECDsa;
        var kid = keys.Signing.Key.KeyId;
        string Issue(string issuer, string audience, DateTimeOffset from) =>
            keys.Issue(issuer, audience, "bad-token-tester", ["editor"], TimeSpan.FromHours(1), from);
        var claims = Claims(now);
        if (kind == "not a bearer token")
        {
            return "Basic " + Convert.ToBase64String("editor:editor"u8);
        }
        return "Bearer " + kind switch
        {
            "alg none" => $"{Encode(new { alg = "none", typ = "JWT" })}.{Encode(claims)}.",
            "HS256 with the public key as secret" => Hmac(kid, claims, Encoding.ASCII.GetBytes(ec.ExportSubjectPublicKeyInfoPem())),
            "wrong issuer" => Issue("https://issuer.invalid", TestIdentity.Audience, now),
            "wrong audience" => Issue(TestIdentity.Issuer, "another-api", now),
            "expired" => Issue(TestIdentity.Issuer, TestIdentity.Audience, now - TimeSpan.FromHours(2)),
            "not yet valid" => Issue(TestIdentity.Issuer, TestIdentity.Audience, now + TimeSpan.FromMinutes(5)),
            "unknown kid" => Es256("not-a-known-key", claims, ec),
            "signed by another key" => Es256(kid, claims, ECDsa.Create(ECCurve.NamedCurves.nistP256)),
            "malformed base64" => "eyJ!!!.%%%.***",
            "malformed JSON" => $"{Base64UrlEncoder.Encode("{\"alg\": \"ES256\", ")}.{Base64UrlEncoder.Encode("not json")}.c2ln",
            "over 8 KB" => Es256(kid, new Dictionary<string, object>(claims) { ["padding"] = new string('p', 9 * 1024) }, ec),
            "no subject" => Es256(kid, claims.Where(c => c.Key != "sub").ToDictionary(), ec),
            "a subject over 256 characters" => Es256(kid, new Dictionary<string, object>(claims) { ["sub"] = new string('s', 257) }, ec),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static Dictionary<string, object> Claims(DateTimeOffset now) => new()
    {
        ["iss"] = TestIdentity.Issuer,
        ["aud"] = TestIdentity.Audience,
        ["sub"] = "bad-token-tester",
        ["roles"] = new[] { "editor" },
        ["iat"] = now.ToUnixTimeSeconds(),
        ["nbf"] = now.ToUnixTimeSeconds(),
        ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
    };

    private static string Es256(string kid, object claims, ECDsa key)
    {
        var signed = $"{Encode(new { alg = "ES256", typ = "JWT", kid })}.{Encode(claims)}";
        return signed + "." + Base64UrlEncoder.Encode(key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256));
    }

    private static string Hmac(string kid, object claims, byte[] secret)
    {
        var signed = $"{Encode(new { alg = "HS256", typ = "JWT", kid })}.{Encode(claims)}";
        return signed + "." + Base64UrlEncoder.Encode(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signed)));
    }

    private static string Encode(object value) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));

    private static TheoryData<string, string, string> Combine(string[] tokens, string[] calls, string[] paths)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var token in tokens)
        {
            foreach (var call in calls)
            {
                foreach (var path in paths)
                {
                    data.Add(token, call, path);
                }
            }
        }
        return data;
    }
}
