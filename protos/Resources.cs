using NewsMesh.Aip.Names;

namespace NewsMesh.Contracts;

/// <summary>The names of the mesh's resources, read from their <c>google.api.resource</c> annotations.</summary>
public static class Resources
{
    public static readonly ResourcePattern Article = ResourcePattern.Of(Contracts.Article.V1.Article.Descriptor);
    public static readonly ResourcePattern ArticleRevision = ResourcePattern.Of(Contracts.Article.V1.ArticleRevision.Descriptor);
    public static readonly ResourcePattern Author = ResourcePattern.Of(Contracts.Author.V1.Author.Descriptor);
    public static readonly ResourcePattern Media = ResourcePattern.Of(Contracts.Media.V1.Media.Descriptor);
    public static readonly ResourcePattern Subscription = ResourcePattern.Of(Contracts.Webhook.V1.Subscription.Descriptor);
    public static readonly ResourcePattern Delivery = ResourcePattern.Of(Contracts.Webhook.V1.Delivery.Descriptor);
}
