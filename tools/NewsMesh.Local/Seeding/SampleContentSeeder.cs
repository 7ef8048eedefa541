using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.ServiceDefaults.Identity;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Local.Seeding;

/// <summary>
/// Loads the sample content through the public gRPC API, as any client would: authors and photos first, since the
/// articles' bylines and images are checked against them. Every create carries a request id derived from the sample's key, so a seed
/// cut short and run again creates nothing twice.
/// </summary>
public sealed partial class SampleContentSeeder(ILogger<SampleContentSeeder> logger, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<SampleArticle> LoadArticles()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "SampleContent");
        return Directory.GetFiles(folder, "articles-*.json")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => JsonSerializer.Deserialize<List<SampleArticle>>(File.ReadAllText(file), Json)
                ?? throw new InvalidDataException($"{file} holds no articles."))
            .ToList();
    }

    /// <summary>The written samples and the synthetic articles made from them: what the launcher seeds.</summary>
    public static IReadOnlyList<SampleArticle> LoadAllArticles()
    {
        var samples = LoadArticles();
        return [.. samples, .. SyntheticArticles.Generate(samples)];
    }

    public static IReadOnlyList<SamplePhoto> LoadPhotos() =>
        JsonSerializer.Deserialize<List<SamplePhoto>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SampleContent", "media.json")), Json)
        ?? throw new InvalidDataException("media.json holds no photos.");

    public static IReadOnlyList<SampleAuthor> LoadAuthors() =>
        JsonSerializer.Deserialize<List<SampleAuthor>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SampleContent", "authors.json")), Json)
        ?? throw new InvalidDataException("authors.json holds no authors.");

    /// <summary>Creates the sample authors under their keys (<c>authors/lena-marsh</c>), which the sample bylines name.</summary>
    public async Task SeedAuthorsAsync(string authorsAddress, string token, CancellationToken ct)
    {
        using var channel = BearerChannels.ForAddress(authorsAddress, token);
        var client = new AuthorService.AuthorServiceClient(channel);
        var samples = LoadAuthors();
        foreach (var sample in samples)
        {
            var author = ToAuthor(sample);
            await client.CreateAuthorAsync(
                new CreateAuthorRequest { Author = author, AuthorId = sample.Key, RequestId = RequestId("author:" + sample.Key) },
                cancellationToken: ct);
        }
        LogSeededAuthors(samples.Count);
    }

    /// <summary>
    /// Paints the sample photos and uploads them under their keys (<c>media/harbour-first-light</c>). A photo already
    /// there is neither painted nor sent again.
    /// </summary>
    public async Task SeedMediaAsync(string mediaAddress, string token, CancellationToken ct)
    {
        using var channel = BearerChannels.ForAddress(mediaAddress, token);
        var client = new MediaService.MediaServiceClient(channel);
        var samples = LoadPhotos();
        foreach (var sample in samples)
        {
            try
            {
                await client.GetMediaAsync(new GetMediaRequest { Name = "media/" + sample.Key }, cancellationToken: ct);
                continue;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // Not uploaded yet.
            }
            var media = new MediaResource
            {
                Caption = sample.Caption,
                Credit = sample.Credit,
                AltText = sample.AltText,
                SourceAgency = sample.SourceAgency ?? "",
                Rights = new Rights
                {
                    UsageTerms = sample.Rights,
                    EditorialOnly = sample.EditorialOnly,
                    ExpireTime = sample.RightsEndInDays is { } days ? Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(days)) : null,
                },
                FocalPoint = new FocalPoint { X = sample.Focal.X, Y = sample.Focal.Y },
                FilePhotoTime = sample.FilePhotoDate is { } taken ? Timestamp.FromDateTimeOffset(taken) : null,
            };
            var metadata = new UploadMetadata
            {
                Media = media,
                ContentType = "image/jpeg",
                MediaId = sample.Key,
                RequestId = RequestId("media:" + sample.Key),
            };
            await MediaUploads.SendAsync(client, metadata, PhotoPainter.PaintJpeg(sample), ct);
        }
        LogSeededMedia(samples.Count);
    }

    public async Task SeedArticlesAsync(string articlesAddress, string token, CancellationToken ct)
    {
        using var channel = BearerChannels.ForAddress(articlesAddress, token);
        var client = new ArticleService.ArticleServiceClient(channel);
        var samples = LoadAllArticles();
        var photos = PhotosBySection(LoadPhotos());
        var stories = new Dictionary<string, int>(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var seeded = new Dictionary<string, Article>(StringComparer.Ordinal);
        var corrections = new List<(string Name, SampleCorrection Fix)>();
        foreach (var sample in samples)
        {
            var article = ToArticle(sample);
            Illustrate(article, photos, StoryNumber(stories, sample));
            if (sample.TranslatedFrom is { } from && seeded.TryGetValue(from, out var source))
            {
                article.TranslationSource = new TranslationSource { Article = source.Name, Revision = source.Revision };
            }
            var publishAt = sample.State switch
            {
                "published" => now.AddHours(-sample.Hours),
                "scheduled" => now.AddHours(sample.Hours),
                _ => (DateTimeOffset?)null,
            };
            if (sample.Embargo && publishAt is { } lifted)
            {
                article.EmbargoTime = Timestamp.FromDateTimeOffset(lifted);
            }
            article = await client.CreateArticleAsync(
                new CreateArticleRequest { Article = article, RequestId = RequestId(sample.Key) }, cancellationToken: ct);
            seeded[sample.Key] = article;
            // A sample seeded before (its request id answered with a later revision) has had its publication and fixes.
            if (article.Revision > 1)
            {
                continue;
            }
            if (publishAt is { } at)
            {
                seeded[sample.Key] = await client.PublishArticleAsync(
                    new PublishArticleRequest { Name = article.Name, PublishTime = Timestamp.FromDateTimeOffset(at) }, cancellationToken: ct);
            }
            if (sample.Correction is { } fix)
            {
                corrections.Add((article.Name, fix));
            }
        }
        // Fixes come last, after every translation was made from the version before them: those fall behind.
        foreach (var (name, fix) in corrections)
        {
            await client.CorrectArticleAsync(new CorrectArticleRequest
            {
                Name = name,
                Type = fix.Type == "clarification" ? Correction.Types.Type.Clarification : Correction.Types.Type.Correction,
                Text = fix.Text,
                Article = new Article { Summary = fix.Summary },
                UpdateMask = FieldMask.FromString("summary"),
            }, cancellationToken: ct);
        }
        LogSeeded(samples.Count);
    }

    public static Author ToAuthor(SampleAuthor sample)
    {
        var author = new Author
        {
            Slug = sample.Key,
            Kind = sample.Kind switch
            {
                "person" => Author.Types.Kind.Person,
                "organization" => Author.Types.Kind.Organization,
                "wire_agency" => Author.Types.Kind.WireAgency,
                _ => throw new InvalidDataException($"Unknown author kind '{sample.Kind}'."),
            },
            DisplayName = sample.DisplayName,
            DefaultLanguageCode = "en",
            Staff = sample.Staff,
            Links = { sample.Links },
        };
        author.Title.Add(sample.Title);
        author.ShortBio.Add(sample.ShortBio);
        author.LongBio.Add(sample.LongBio);
        return author;
    }

    public static Article ToArticle(SampleArticle sample)
    {
        var article = new Article
        {
            Slug = sample.Slug,
            LanguageCode = sample.Language,
            TranslationGroup = sample.TranslationGroup,
            Section = sample.Section,
            Label = sample.Label ?? "",
            Headline = sample.Headline,
            Summary = sample.Summary,
            Dateline = sample.Dateline,
            Subjects = { sample.Subjects },
        };
        article.Bylines.AddRange(sample.Bylines.Select(b => new Byline { Author = "authors/" + b.Author, Role = Role(b.Role) }));
        article.Body.AddRange(sample.Body.Select(ToBlock));
        return article;
    }

    private static Dictionary<string, List<string>> PhotosBySection(IReadOnlyList<SamplePhoto> photos) =>
        photos.SelectMany(p => p.Sections.Select(section => (section, p.Key)))
            .GroupBy(p => p.section, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => "media/" + p.Key).ToList(), StringComparer.Ordinal);

    /// <summary>The story's number within its section, the same for each of its languages.</summary>
    private static int StoryNumber(Dictionary<string, int> stories, SampleArticle sample)
    {
        var story = $"{sample.Section}/{sample.TranslationGroup}";
        if (!stories.TryGetValue(story, out var number))
        {
            number = stories.Keys.Count(key => key.StartsWith(sample.Section + "/", StringComparison.Ordinal));
            stories[story] = number;
        }
        return number;
    }

    /// <summary>
    /// A lead photo from the story's section, taken in turn, the same for every language of the story; longer stories
    /// also show the section's next photo in their body.
    /// </summary>
    private static void Illustrate(Article article, Dictionary<string, List<string>> photos, int story)
    {
        if (!photos.TryGetValue(article.Section, out var section))
        {
            return;
        }
        article.LeadMedia = new LeadMedia { Media = section[story % section.Count], AspectRatio = "16x9" };
        if (section.Count > 1 && article.Body.Count >= 4)
        {
            article.Body.Insert(2, new Block { Media = new MediaReference { Media = section[(story + 1) % section.Count] } });
        }
    }

    private static Block ToBlock(SampleBlock block) => block switch
    {
        { Paragraph: { } text } => new Block { Paragraph = new Paragraph { Text = text } },
        { Heading: { } text } => new Block { Heading = new Heading { Text = text, Level = 2 } },
        { Quote: { } text } => new Block { Quote = new Quote { Text = text, Attribution = block.Attribution ?? "" } },
        _ => throw new InvalidDataException("A sample block has no paragraph, heading or quote."),
    };

    private static Byline.Types.Role Role(string role) => role switch
    {
        "by" => Byline.Types.Role.Author,
        "photo" => Byline.Types.Role.Photographer,
        "contributor" => Byline.Types.Role.Contributor,
        "information_source" => Byline.Types.Role.InformationSource,
        _ => throw new InvalidDataException($"Unknown byline role '{role}'."),
    };

    /// <summary>A stable UUID per sample key: the same sample always makes the same request.</summary>
    private static string RequestId(string key) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("newsmesh-sample:" + key)).AsSpan(0, 16)).ToString();

    [LoggerMessage(LogLevel.Information, "Seeded {Count} sample authors")]
    private partial void LogSeededAuthors(int count);

    [LoggerMessage(LogLevel.Information, "Seeded {Count} sample photos")]
    private partial void LogSeededMedia(int count);

    [LoggerMessage(LogLevel.Information, "Seeded {Count} sample articles")]
    private partial void LogSeeded(int count);
}
