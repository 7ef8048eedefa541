using Microsoft.Data.Sqlite;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Integration;

public class TranslationGroupTests
{
    private static async Task<IEnumerable<string>> GroupAsync(ArticleService.ArticleServiceClient client, string group) =>
        (await client.ListArticlesAsync(new ListArticlesRequest { TranslationGroup = group })).Articles.Select(a => a.LanguageCode).Order();

    [Fact]
    public async Task ListArticles_ByTranslationGroup_EveryLanguageOfTheStoryOnly()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = new ArticleServiceHost(database);
        host.StartServer();
        var group = "story-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var language in new[] { "en", "fr", "es" })
        {
            var article = SampleArticles.New(language: language);
            article.TranslationGroup = group;
            await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = article });
        }
        await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = SampleArticles.New() });

        Assert.Equal(["en", "es", "fr"], await GroupAsync(host.Client, group));
        await RpcAssert.InvalidArgument(async () => await host.Client.ListArticlesAsync(new ListArticlesRequest { TranslationGroup = "no spaces" }),
            "translation_group");
    }

    [Fact]
    public async Task RowsFromBeforeTheColumn_FilledFromTheirDocumentsAtStart()
    {
        await using var database = TestDatabase.Sqlite();
        const string group = "older-story";
        await using (var first = new ArticleServiceHost(database))
        {
            first.StartServer();
            var article = SampleArticles.New();
            article.TranslationGroup = group;
            await first.Client.CreateArticleAsync(new CreateArticleRequest { Article = article });
        }
        // As the row was before the migration that added the column: its value unknown.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(database.DataDirectory, "articles.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE Articles SET TranslationGroup = NULL";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await using var second = new ArticleServiceHost(database);
        second.StartServer();

        Assert.Equal(["en"], await GroupAsync(second.Client, group));
    }
}
