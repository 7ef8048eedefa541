using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NewsMesh.ServiceDefaults.Identity;

public static class IdentityExtensions
{
    /// <summary>The longest token accepted; a larger one is refused before any parsing.</summary>
    public const int MaxTokenBytes = 8 * 1024;

    /// <summary>
    /// Bearer tokens validated the same way in every process: issuer, audience, lifetime (with at most 30 s of
    /// skew), signature by a known key with a configured asymmetric algorithm.
    /// </summary>
    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsProblems>();
        builder.Services.AddSingleton<LocalKeys>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, IServiceProvider>((jwt, options, services) => Configure(jwt, options.Value, services));
        builder.Services.AddSingleton(services => new ServiceToken(serviceName,
            services.GetRequiredService<IOptions<AuthOptions>>(), services.GetRequiredService<LocalKeys>(), TimeProvider.System));
        return builder;
    }

    /// <summary>
    /// Authenticates every request that carries credentials and refuses one whose token is not valid
    /// (<see cref="BearerTokenCheck"/>); a request without any costs nothing more than a look at its headers.
    /// </summary>
    public static IApplicationBuilder UseIdentity(this IApplicationBuilder app)
    {
        // WebApplication adds ASP.NET's authentication middleware in front of everything when authentication is
        // registered and the app has not placed it: it would run the bearer handler for every anonymous read
        // too (about a sixth of a hot read's throughput, measured). This is the mark UseAuthentication leaves.
        app.Properties["__AuthenticationMiddlewareSet"] = true;
        return app.UseMiddleware<BearerTokenCheck>();
    }

    /// <summary>The caller of this request, as <see cref="BearerTokenCheck"/> found it; anonymous before it ran.</summary>
    public static Caller GetCaller(this HttpContext context) => context.Features.Get<Caller>() ?? Caller.Anonymous;

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, IServiceProvider services)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenHandlers.Clear();
        jwt.TokenHandlers.Add(new JsonWebTokenHandler { MapInboundClaims = false, MaximumTokenSizeInBytes = MaxTokenBytes });
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = auth.Audience,
            ValidAlgorithms = auth.AcceptedAlgorithms,
            ClockSkew = auth.ClockSkew,
            NameClaimType = "sub",
            RoleClaimType = auth.RolesClaim,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            // A token names its key; one whose kid is unknown is refused rather than tried against every key.
            TryAllIssuerSigningKeys = false,
        };
        if (auth.Authority is { Length: > 0 } authority)
        {
            // Issuer and keys come from the discovery document, refreshed as the issuer rotates its keys.
            jwt.Authority = authority;
            jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            // A token signed with a key not yet known asks for the issuer's keys again, at most this often.
            jwt.RefreshInterval = TimeSpan.FromSeconds(10);
        }
        else
        {
            jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKeys = services.GetRequiredService<LocalKeys>().Keys!.Validating;
        }
    }

    /// <summary>The key set of <see cref="AuthOptions.SigningKeysFile"/>, read once; null with an issuer instead.</summary>
    public sealed class LocalKeys(IOptions<AuthOptions> options)
    {
        private readonly Lazy<SigningKeys?> _keys = new(() =>
            options.Value.SigningKeysFile is { Length: > 0 } file ? SigningKeys.Load(file) : null);

        public SigningKeys? Keys => _keys.Value;
    }

    /// <summary>Names each unusable setting at start, rather than one message for all.</summary>
    private sealed class AuthOptionsProblems : IValidateOptions<AuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
