using NewsMesh.Contracts.Article.V1;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Articles.Grpc;

/// <summary>
/// Who may call each ArticleService RPC. Reads are open: what each caller then sees is decided per article
/// (<see cref="Domain.ArticleViewer"/>). Reporters write drafts; everything that changes what readers see is an
/// editor's.
/// </summary>
public static class ArticleAccessRules
{
    public static readonly RpcAccessRules Rules = RpcAccessRules.For(ArticleService.Descriptor, new Dictionary<string, Access>
    {
        ["CreateArticle"] = Access.Reporter,
        ["GetArticle"] = Access.Anyone,
        ["GetArticleNinjs"] = Access.Anyone,
        ["LookupArticle"] = Access.Anyone,
        ["ListArticles"] = Access.Anyone,
        ["UpdateArticle"] = Access.Reporter,
        ["DeleteArticle"] = Access.Editor,
        ["PublishArticle"] = Access.Editor,
        ["UnpublishArticle"] = Access.Editor,
        ["CorrectArticle"] = Access.Editor,
        ["RetractArticle"] = Access.Editor,
        ["ListArticleRevisions"] = Access.Anyone,
        ["GetArticleRevision"] = Access.Anyone,
        ["RollbackArticle"] = Access.Editor,
        ["ListChanges"] = Access.Partner,
        ["WatchChanges"] = Access.Partner,
    });
}
