using NewsMesh.Contracts.Article.V1;

namespace NewsMesh.Articles.Domain;

public static class ArticleExtensions
{
    /// <summary>Clears the times only the lifecycle sets, so a client cannot smuggle them in on create.</summary>
    public static void ClearOutputOnlyTimes(this Article article)
    {
        article.PublishTime = null;
        article.FirstPublishTime = null;
        article.DeleteTime = null;
    }
}
