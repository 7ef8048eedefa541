namespace NewsMesh.Web.Gateway;

/// <summary>The gateway did not answer in time, or answered that it cannot: the page is a 503 that says so.</summary>
public sealed class GatewayUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What the gateway asked readers to wait, in seconds, when it said.</summary>
    public int RetryAfterSeconds { get; init; } = 5;
}
