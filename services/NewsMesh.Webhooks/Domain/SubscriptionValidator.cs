using NewsMesh.Aip;
using NewsMesh.Aip.Fields;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Contracts.Webhook.V1;

namespace NewsMesh.Webhooks.Domain;

/// <summary>Checks a subscription's editable fields, reporting every bad one with its path from the request root.</summary>
public static class SubscriptionValidator
{
    private const string Prefix = "subscription.";

    public static IReadOnlyList<FieldViolation> Validate(Subscription subscription)
    {
        var v = FieldBehaviors.Of(Subscription.Descriptor).RequiredMissingIn(subscription, Prefix).ToList();
        void Bad(string field, string description) => v.Add(new FieldViolation(Prefix + field, description));

        if (subscription.Url.Length > 0 && UrlProblem(subscription.Url) is { } problem)
        {
            Bad("url", problem);
        }
        if (subscription.Description.Length > WebhookLimits.DescriptionMax)
        {
            Bad("description", $"at most {WebhookLimits.DescriptionMax} characters");
        }
        foreach (var type in subscription.ResourceTypes.Where(t => !SubscriptionRules.ResourceTypes.Contains(t)))
        {
            Bad("resource_types", $"'{type}' is not a resource type of the feeds; one of {string.Join(", ", SubscriptionRules.ResourceTypes)}");
        }
        if (subscription.Kinds.Any(k => k == ChangeKind.Unspecified || !Enum.IsDefined(k)))
        {
            Bad("kinds", "must name known change kinds, such as CHANGE_KIND_PUBLISHED");
        }
        return v;
    }

    /// <summary>What is wrong with <paramref name="url"/> as a receiver's address, or null; where it resolves to is checked apart.</summary>
    public static string? UrlProblem(string url)
    {
        if (url.Length > WebhookLimits.UrlMax)
        {
            return $"at most {WebhookLimits.UrlMax} characters";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "must be an absolute http or https URL, such as https://partner.example/hooks/newsmesh";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "must not carry a user name or password; the signature authenticates the sender";
        }
        return uri.Fragment.Length > 0 ? "must not have a fragment (#...)" : null;
    }
}
