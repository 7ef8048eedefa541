using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.ServiceDefaults.Identity;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>
/// Identity as an operator meets it: the audit line of every write, a real OpenID Connect issuer (discovery, keys
/// that rotate, the client-credentials grant). The Auth settings checked at start are in OperationsTests.
/// </summary>
public sealed class IdentityTests
{
    [Fact]
    public async Task EveryWrite_OneAuditLine_WithWhoWhatAndHowItEnded_AndNothingOfTheToken()
    {
        var logs = new CapturedLogs();
        await using var database = TestDatabase.Sqlite();
        await using var host = new LoggedHost(database, logs);
        host.StartServer();
        var token = TestIdentity.Shared.Token("audited-editor", "editor");
        using var editor = host.ChannelWith(token);
        using var anonymous = host.ChannelWith(null);

        const string trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        var created = await new ArticleService.ArticleServiceClient(editor).CreateArticleAsync(
            new CreateArticleRequest { Article = SampleArticles.New() }, new Metadata { { "traceparent", $"00-{trace}-00f067aa0ba902b7-01" } });
        await new ArticleService.ArticleServiceClient(editor).GetArticleAsync(new GetArticleRequest { Name = created.Name });
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, async () =>
            await new ArticleService.ArticleServiceClient(anonymous).PublishArticleAsync(new PublishArticleRequest { Name = created.Name }));

        using (var forged = host.ChannelWith(TestIdentity.Shared.Token("audited-editor", "editor")[..^4] + "AAAA"))
        {
            await RpcAssert.FailsWith(StatusCode.Unauthenticated, async () =>
                await new ArticleService.ArticleServiceClient(forged).PublishArticleAsync(new PublishArticleRequest { Name = created.Name }));
        }

        var audit = logs.Entries.Where(e => e.Category == "NewsMesh.Audit" && e.Values.ContainsKey("Rpc")).ToList();
        Assert.Equal(2, audit.Count);
        var refused = Assert.Single(logs.Entries, e => e.Category == "NewsMesh.Audit" && e.Values.ContainsKey("Reason"));
        Assert.Equal(("The bearer token's signature is not valid.", "/newsmesh.article.v1.ArticleService/PublishArticle"),
            (refused["Reason"], refused["Path"]));
        Assert.All(audit, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.Equal(("audited-editor", "editor", "CreateArticle", created.Name, "OK"),
            (audit[0]["Subject"], audit[0]["Role"], audit[0]["Rpc"], audit[0]["Resource"], audit[0]["Outcome"]));
        Assert.Equal(trace, audit[0]["TraceId"]);
        Assert.NotEmpty(audit[1]["TraceId"]);
        Assert.Equal(("", "anonymous", "PublishArticle", created.Name, "Unauthenticated"),
            (audit[1]["Subject"], audit[1]["Role"], audit[1]["Rpc"], audit[1]["Resource"], audit[1]["Outcome"]));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(token[^16..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenIdConnectIssuer_TokensFromItsDiscoveredKeys_AndKeysThatRotate_AreAccepted_LocalKeysAreNot()
    {
        await using var issuer = await TestIssuer.StartAsync();
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database, issuer.Settings);
        host.StartServer();

        using (var channel = host.ChannelWith(issuer.Token("oidc-editor", "editor")))
        {
            var created = await new ArticleService.ArticleServiceClient(channel).CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
            Assert.Equal("oidc-editor", created.Creator);
        }
        using (var local = host.ChannelWith(TestIdentity.Shared.TokenFor("editor")))
        {
            await RpcAssert.FailsWith(StatusCode.Unauthenticated, async () =>
                await new ArticleService.ArticleServiceClient(local).CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() }));
        }

        // The issuer replaces its key; the service learns the new one from the discovery document by itself.
        issuer.Rotate();
        using var rotated = host.ChannelWith(issuer.Token("oidc-editor", "editor"));
        await RpcAssert.Eventually(async () =>
        {
            try
            {
                await new ArticleService.ArticleServiceClient(rotated).CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
                return true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "a token signed with the issuer's new key to be accepted");
    }

    [Theory]
    [InlineData("ES384", StatusCode.Unauthenticated)]
    [InlineData("ES256", StatusCode.OK)]
    public async Task AlgorithmsConfigured_OnlyThoseAccepted(string algorithm, StatusCode expected)
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database, new Dictionary<string, string?> { ["Auth:Algorithms:0"] = algorithm });
        host.StartServer();
        using var channel = host.ChannelWith(TestIdentity.Shared.TokenFor("editor"));

        var outcome = StatusCode.OK;
        try
        {
            await new ArticleService.ArticleServiceClient(channel).CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });
        }
        catch (RpcException e)
        {
            outcome = e.StatusCode;
        }

        // The test keys sign with ES256 only.
        Assert.Equal(expected, outcome);
    }

    [Fact]
    public async Task ServiceToken_FromTheIssuersClientCredentialsGrant_KeptUntilItNearsItsEnd()
    {
        await using var issuer = await TestIssuer.StartAsync();
        var options = Options.Create(new AuthOptions
        {
            Authority = issuer.Address, RequireHttpsMetadata = false, ClientId = TestIssuer.ClientId, ClientSecret = TestIssuer.ClientSecret,
        });
        using var identity = new ServiceToken("newsmesh-articles", options, new IdentityExtensions.LocalKeys(options), TimeProvider.System);

        var first = await identity.GetAsync(CancellationToken.None);
        var second = await identity.GetAsync(CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(1, issuer.TokensGranted);
        var claims = new JsonWebToken(first);
        Assert.Equal((TestIssuer.ClientId, "service"), (claims.Subject, claims.GetClaim("roles").Value));
    }

    /// <summary>The article service with every log entry kept for the test to read.</summary>
    private sealed class LoggedHost(TestDatabase database, CapturedLogs logs) : KestrelServiceHost<Program>(database)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        }
    }

    public sealed record LogEntry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string> Values)
    {
        public string this[string key] => Values[key];
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyList<LogEntry> Entries => _entries.ToList();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? pairs.ToDictionary(p => p.Key, p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")
                    : [];
                entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception) + exception, values));
            }
        }
    }

    /// <summary>
    /// A small OpenID Connect issuer on loopback: a discovery document, its key set (one ES256 key, which it can
    /// replace) and a token endpoint for the client-credentials grant.
    /// </summary>
    private sealed class TestIssuer : IAsyncDisposable
    {
        public const string ClientId = "newsmesh-articles";
        public const string ClientSecret = "a-test-client-secret";

        private static readonly string[] Algorithms = ["ES256"];

        private readonly WebApplication _app;
        private ECDsaSecurityKey _key = NewKey();
        private int _granted;

        private TestIssuer(WebApplication app, string address)
        {
            _app = app;
            Address = address;
        }

        public string Address { get; }

        public int TokensGranted => _granted;

        public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Auth:SigningKeysFile"] = "",
            ["Auth:Authority"] = Address,
            ["Auth:RequireHttpsMetadata"] = "false",
        };

        public static async Task<TestIssuer> StartAsync()
        {
            var port = FreePorts.Next();
            var address = $"http://127.0.0.1:{port}";
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(address);
            var app = builder.Build();
            var issuer = new TestIssuer(app, address);
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = address,
                ["jwks_uri"] = address + "/keys",
                ["token_endpoint"] = address + "/token",
                ["id_token_signing_alg_values_supported"] = Algorithms,
            }));
            app.MapGet("/keys", () => Results.Json(new { keys = new[] { issuer.PublicKey() } }));
            app.MapPost("/token", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
                {
                    return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
                }
                Interlocked.Increment(ref issuer._granted);
                return Results.Json(new { access_token = issuer.Token(ClientId, "service"), token_type = "Bearer", expires_in = 300 });
            });
            await app.StartAsync();
            return issuer;
        }

        public string Token(string subject, string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Address,
            Audience = "newsmesh",
            Expires = DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["roles"] = new[] { role } },
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256),
        });

        public void Rotate() => _key = NewKey();

        private Dictionary<string, string> PublicKey()
        {
            var p = _key.ECDsa.ExportParameters(false);
            return new Dictionary<string, string>
            {
                ["kty"] = "EC", ["crv"] = "P-256", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = _key.KeyId,
                ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
            };
        }

        private static ECDsaSecurityKey NewKey() =>
            new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = Guid.NewGuid().ToString("N") };

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
