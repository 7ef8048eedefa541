namespace NewsMesh.Webhooks.Domain;

/// <summary>When a failed delivery is tried again: exponential backoff with jitter, so that a receiver coming back is not hit by every sender at once.</summary>
public static class RetryPolicy
{
    /// <summary>
    /// The wait after the <paramref name="attempts"/>-th failed attempt: <paramref name="first"/> doubled per earlier
    /// failure, at most <paramref name="max"/>, then a random point in its upper half (<paramref name="jitter"/> in [0, 1)).
    /// </summary>
    public static TimeSpan Delay(int attempts, TimeSpan first, TimeSpan max, double jitter)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 40);
        var full = Math.Min(first.TotalMilliseconds * Math.Pow(2, doublings), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full / 2 + full / 2 * jitter);
    }
}
