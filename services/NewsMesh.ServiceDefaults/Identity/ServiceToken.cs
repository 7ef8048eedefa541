using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
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
    private (string Token, DateTimeOffset RenewAt)? _current;

    /// <summary>The <c>sub</c> of this process's token.</summary>
    public string Subject => subject;

    /// <summary>A token to send, or null when this process has no identity of its own.</summary>
    public async ValueTask<string?> GetAsync(CancellationToken ct)
    {
        if (_current is { } current && clock.GetUtcNow() < current.RenewAt)
        {
            return current.Token;
        }
        await _refresh.WaitAsync(ct);
        try
        {
            if (_current is { } renewed && clock.GetUtcNow() < renewed.RenewAt)
            {
                return renewed.Token;
            }
            _current = await FetchAsync(ct);
            return _current?.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<(string, DateTimeOffset)?> FetchAsync(CancellationToken ct)
    {
        var auth = options.Value;
        var now = clock.GetUtcNow();
        if (keys.Keys is { Signing: not null } local)
        {
            return (local.Issue(auth.Issuer, auth.Audience, subject, [Roles.Service], LocalLifetime, now), now + LocalLifetime * 0.75);
        }
        if (auth.ClientId is not { Length: > 0 } clientId)
        {
            return null;
        }
        using var discovery = JsonDocument.Parse(await _http.GetStringAsync(
            new Uri(new Uri(auth.Authority!.TrimEnd('/') + "/"), ".well-known/openid-configuration"), ct));
        var endpoint = discovery.RootElement.GetProperty("token_endpoint").GetString()!;
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
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
        return (granted.GetProperty("access_token").GetString()!, now + lifetime * 0.75);
    }

    public void Dispose()
    {
        _refresh.Dispose();
        _http.Dispose();
    }
}

public static class ServiceTokenExtensions
{
    /// <summary>Sends this process's own token with every call of the client (see <see cref="ServiceToken"/>).</summary>
    public static IHttpClientBuilder AddServiceToken(this IHttpClientBuilder client) => client
        .AddCallCredentials(async (_, metadata, services) =>
        {
            if (await services.GetRequiredService<ServiceToken>().GetAsync(CancellationToken.None) is { } token)
            {
                metadata.Add("Authorization", "Bearer " + token);
            }
        })
        // The mesh speaks h2c inside its network; the token is what a callee trusts, not the connection.
        .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = true);
}
