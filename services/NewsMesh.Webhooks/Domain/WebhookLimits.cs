namespace NewsMesh.Webhooks.Domain;

public static class WebhookLimits
{
    public const int UrlMax = 2000;
    public const int DescriptionMax = 500;

    /// <summary>Redirects followed per attempt, all to the subscription's own host.</summary>
    public const int RedirectsMax = 3;
}
