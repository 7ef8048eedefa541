using Google.Protobuf;
using Microsoft.Data.Sqlite;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>What the history costs: every write stores the article once more, and about nothing else.</summary>
public class RevisionStorageTests(ITestOutputHelper output)
{
    private const int Writes = 100;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task EachWrite_StoresAboutOneMoreDocument(string provider)
    {
        await using var database = await TestDatabase.OfAsync(provider);
        await using var host = new ArticleServiceHost(database);
        host.StartServer();
        var article = SampleArticles.New();
        article.Body.Clear();
        // Text that does not compress (PostgreSQL compresses what it stores out of line), as varied as real prose is.
        var random = new Random(14);
        for (var i = 0; i < 40; i++)
        {
            article.Body.Add(new Block { Paragraph = new Paragraph { Text = new string([.. Enumerable.Range(0, 500).Select(_ => (char)random.Next('a', 'z' + 1))]) } });
        }
        var created = await host.Client.CreateArticleAsync(new CreateArticleRequest { Article = article });
        var before = await StoredBytesAsync(database);

        for (var i = 0; i < Writes; i++)
        {
            await host.Client.UpdateArticleAsync(new UpdateArticleRequest
            {
                Article = new Article { Name = created.Name, Summary = $"Summary of revision {i + 2}." },
                UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "summary" } },
            });
        }

        var perWrite = (await StoredBytesAsync(database) - before) / (double)Writes;
        var document = created.CalculateSize();
        output.WriteLine($"{provider}: {perWrite:F0} bytes stored per write of a {document}-byte article ({perWrite / document:F2}x)");
        Assert.InRange(perWrite, 0.9 * document, 1.5 * document + 1024);
    }

    /// <summary>SQLite: the file's pages in use, after a checkpoint. PostgreSQL: the revisions table with its index and TOAST.</summary>
    private static async Task<long> StoredBytesAsync(TestDatabase database)
    {
        if (database.Provider == "Postgres")
        {
            await using var pg = new NpgsqlConnection(database.ConnectionString);
            await pg.OpenAsync();
            await using var size = new NpgsqlCommand("""SELECT pg_total_relation_size('"Revisions"')""", pg);
            return (long)(await size.ExecuteScalarAsync())!;
        }
        var file = Directory.GetFiles(database.DataDirectory, "articles*.db").Single();
        await using var sqlite = new SqliteConnection($"Data Source={file};Pooling=False");
        await sqlite.OpenAsync();
        async Task<long> Pragma(string name)
        {
            await using var command = sqlite.CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        await Pragma("wal_checkpoint(TRUNCATE)");
        return (await Pragma("page_count") - await Pragma("freelist_count")) * await Pragma("page_size");
    }
}
