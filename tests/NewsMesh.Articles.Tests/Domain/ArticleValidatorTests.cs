using NewsMesh.Articles.Domain;
using NewsMesh.Articles.Tests.Integration;
using NewsMesh.Contracts.Article.V1;

namespace NewsMesh.Articles.Tests.Domain;

public class ArticleValidatorTests
{
    private static IEnumerable<string> FieldsOf(Article article) => ArticleValidator.Validate(article).Select(v => v.Field);

    [Fact]
    public void Validate_SampleArticle_IsValid() => Assert.Empty(ArticleValidator.Validate(SampleArticles.New()));

    [Fact]
    public void Validate_EmptyArticle_NamesEveryRequiredField() =>
        Assert.Equal(["article.headline", "article.language_code", "article.section", "article.slug"], FieldsOf(new Article()).Order());

    [Fact]
    public void Validate_BadBlocks_NamesEachBlockField()
    {
        var article = SampleArticles.New();
        article.Body.Clear();
        article.Body.Add(new Block());
        article.Body.Add(new Block { Heading = new Heading { Text = "h", Level = 1 } });
        article.Body.Add(new Block { Quote = new Quote { Text = "" } });
        article.Body.Add(new Block { Media = new MediaReference { Media = "images/1" } });
        article.Body.Add(new Block { Embed = new Embed { Url = "http://insecure.example.org" } });

        Assert.Equal(
            ["article.body[0]", "article.body[1].heading.level", "article.body[2].quote.text", "article.body[3].media.media", "article.body[4].embed.url"],
            FieldsOf(article));
    }

    [Fact]
    public void Validate_LeadMediaAndBylines_Checked()
    {
        var article = SampleArticles.New();
        article.LeadMedia = new LeadMedia { Media = "media/abc", AspectRatio = "21x9" };
        article.Bylines.Add(new Byline { Author = "authors/lena-marsh", Role = Byline.Types.Role.Author });
        article.Bylines.Add(new Byline { Author = "authors/x" });

        Assert.Equal(["article.bylines[2]", "article.bylines[3].role", "article.lead_media.aspect_ratio"], FieldsOf(article).Order());
    }

    [Fact]
    public void Validate_Subjects_OneLineAndShort()
    {
        var article = SampleArticles.New();
        article.Subjects.Add("maritime safety");
        article.Subjects.Add("two\nlines");
        article.Subjects.Add(new string('s', 61));

        Assert.Equal(["article.subjects[3]", "article.subjects[4]"], FieldsOf(article));
    }
}
