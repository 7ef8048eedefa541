using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewsMesh.ServiceDefaults.Identity;

/// <summary>
/// This process's own token (role <c>service</c>), for the calls the mesh makes on its own account rather than a
/// caller's: signed with the local key set where it holds a private key, or got from the issuer with the
/// client-credentials grant (<c>Auth:ClientId</c>). Kept until three quarters of its lifetime have passed.
/// Without either source the calls go out anonymous.
/// </summary>
public sealed class ServiceToken(string subject, IOptions<AuthOptions> options, IdentityExtensions.LocalKeys keys, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan LocalLifetime = TimeSpan.FromHours(1);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Issued? _current;

    /// <summary>The <c>sub</c> of this process's token.</summary>
    public string Subject => subject;

    /// <summary>Whether this process has an identity of its own: a key to sign with, or a client at the issuer.</summary>
    public bool Configured => keys.Keys is { Signing: not null } || !string.IsNullOrEmpty(options.Value.ClientId);

    /// <summary>A token to send, or null when this process has no identity of its own.</summary>
    public async ValueTask<string?> GetAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _current) is { } current && clock.GetUtcNow() < current.RenewAt)
        {
            return current.Token;
        }
        if (!Configured)
        {
            return null;
        }
        await _refresh.WaitAsync(ct);
        try
        {
            if (_current is { } renewed && clock.GetUtcNow() < renewed.RenewAt)
            {
                return renewed.Token;
            }
            var issued = await FetchAsync(ct);
            Volatile.Write(ref _current, issued);
            return issued.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<Issued> FetchAsync(CancellationToken ct)
    {
        var auth = options.Value;
        var now = clock.GetUtcNow();
        if (keys.Keys is { Signing: not null } local)
        {
            return new Issued(local.Issue(auth.Issuer, auth.Audience, subject, [Roles.Service], LocalLifetime, now), now + LocalLifetime * 0.75);
        }
        using var discovery = JsonDocument.Parse(await _http.GetStringAsync(
            new Uri(new Uri(auth.Authority!.TrimEnd('/') + "/"), ".well-known/openid-configuration"), ct));
        var endpoint = new Uri(discovery.RootElement.GetProperty("token_endpoint").GetString()!);
        if (auth.RequireHttpsMetadata && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"The issuer's token endpoint {endpoint} is not https; the client secret is not sent there.");
        }
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = auth.ClientId!,
            ["client_secret"] = auth.ClientSecret!,
        };
        if (auth.ClientScope is { Length: > 0 } scope)
        {
            form["scope"] = scope;
        }
        using var response = await _http.PostAsync(endpoint, new FormUrlEncodedContent(form), ct);
        response.EnsureSuccessStatusCode();
        var granted = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var lifetime = TimeSpan.FromSeconds(granted.TryGetProperty("expires_in", out var seconds) ? seconds.GetInt32() : 300);
        return new Issued(granted.GetProperty("access_token").GetString()!, now + lifetime * 0.75);
    }

    /// <summary>One token and when to get the next; replaced whole, so a reader never sees half of two.</summary>
    private sealed record Issued(string Token, DateTimeOffset RenewAt);

    public void Dispose()
    {
        _refresh.Dispose();
        _http.Dispose();
    }
}

public static partial class ServiceTokenExtensions
{
    [LoggerMessage(LogLevel.Warning, "No service token could be had; the call goes out without one")]
    private static partial void LogNoToken(ILogger logger, Exception exception);

    /// <summary>
    /// Sends this process's own token with every call of the client (see <see cref="ServiceToken"/>). When no token
    /// can be had (the issuer is down), the call goes out without one, logged: the callee then judges it as anonymous,
    /// which the open reads these clients make allow.
    /// </summary>
    public static IHttpClientBuilder AddServiceToken(this IHttpClientBuilder client) => client
        .AddCallCredentials(async (context, metadata, services) =>
        {
            try
            {
                if (await services.GetRequiredService<ServiceToken>().GetAsync(context.CancellationToken) is { } token)
                {
                    metadata.Add("Authorization", "Bearer " + token);
                }
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or JsonException or KeyNotFoundException)
            {
                LogNoToken(services.GetRequiredService<ILogger<ServiceToken>>(), e);
            }
        })
        // The mesh speaks h2c inside its network; the token is what a callee trusts, not the connection.
        .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = true);
}
