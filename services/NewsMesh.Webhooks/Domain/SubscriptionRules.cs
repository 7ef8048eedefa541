using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using NewsMesh.Contracts.Feed.V1;
using NewsMesh.Contracts.Webhook.V1;
using State = NewsMesh.Contracts.Webhook.V1.Subscription.Types.State;

namespace NewsMesh.Webhooks.Domain;

/// <summary>What a subscription receives, and how it is paused and resumed.</summary>
public static partial class SubscriptionRules
{
    /// <summary>The resource types of the feeds delivered: the content services' resources.</summary>
    public static readonly IReadOnlyList<string> ResourceTypes =
    [
        Contracts.Article.V1.Article.Descriptor.FullName,
        Contracts.Author.V1.Author.Descriptor.FullName,
        Contracts.Media.V1.Media.Descriptor.FullName,
    ];

    public const string SecretPrefix = "whsec_";

    /// <summary>A client-chosen id (AIP-133): lower-case letters, digits and hyphens, starting with a letter or digit.</summary>
    public static bool IsSubscriptionId(string id) => SubscriptionIdPattern().IsMatch(id);

    /// <summary>A new signing secret, in the Standard Webhooks form: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The filters without repeats, in a stable order, so that equal subscriptions are stored alike.</summary>
    public static Subscription Canonical(Subscription subscription)
    {
        var next = subscription.Clone();
        next.ResourceTypes.Clear();
        next.ResourceTypes.AddRange(subscription.ResourceTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        next.Kinds.Clear();
        next.Kinds.AddRange(subscription.Kinds.Distinct().Order());
        return next;
    }

    /// <summary>
    /// Whether <paramref name="subscription"/> wants <paramref name="change"/>: of its types and kinds, made after it was
    /// created, and of an audience it may be told of.
    /// </summary>
    public static bool Wants(Subscription subscription, Change change) =>
        (subscription.ResourceTypes.Count == 0 || subscription.ResourceTypes.Contains(change.ResourceType))
        && (subscription.Kinds.Count == 0 || subscription.Kinds.Contains(change.Kind))
        && change.Time >= subscription.CreateTime
        && (subscription.IncludeNewsroomChanges || change.Audience is Audience.Public or Audience.Partner);

    /// <summary>The receiver said it is gone: nothing more is sent until an admin resumes.</summary>
    public static Subscription Paused(Subscription current, string reason, DateTimeOffset now)
    {
        var next = current.Clone();
        next.State = State.Paused;
        next.PauseReason = reason;
        next.PauseTime = Timestamp.FromDateTimeOffset(now);
        return next;
    }

    /// <summary>Active again; null when it already was (nothing to write).</summary>
    public static Subscription? Resumed(Subscription current)
    {
        if (current.State == State.Active)
        {
            return null;
        }
        var next = current.Clone();
        next.State = State.Active;
        next.PauseReason = "";
        next.PauseTime = null;
        return next;
    }

    /// <summary>The <c>type</c> of a delivery's body, such as <c>article.corrected</c>.</summary>
    public static string EventType(Change change)
    {
        var resource = change.ResourceType[(change.ResourceType.LastIndexOf('.') + 1)..].ToLowerInvariant();
        var kind = change.Kind.ToString();
        return resource + "." + SnakeCase(kind);
    }

    private static string SnakeCase(string pascal) => LowerThenUpper().Replace(pascal, "$1_$2").ToLowerInvariant();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SubscriptionIdPattern();

    [GeneratedRegex("([a-z])([A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex LowerThenUpper();
}
