using System.Net;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Author.V1;
using NewsMesh.Contracts.Media.V1;
using NewsMesh.Processes;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Testing;

/// <summary>
/// The catalogue's processes, each on its own data, and the gateway in front of them, seeded
/// with one story in English and French: bylines (a reporter and an agency), a lead photo, a photo in the body.
/// </summary>
public sealed class GatewayMesh : IAsyncLifetime
{
    private readonly List<ServiceProcess> _started = [];

    public ServiceProcess Authors { get; private set; } = null!;
    public ServiceProcess Media { get; private set; } = null!;
    public ServiceProcess Articles { get; private set; } = null!;
    public ServiceProcess Webhooks { get; private set; } = null!;
    public ServiceProcess Search { get; private set; } = null!;
    public ServiceProcess Gateway { get; private set; } = null!;

    public Article English { get; private set; } = null!;
    public Article French { get; private set; } = null!;
    public Article Draft { get; private set; } = null!;
    public MediaResource Lead { get; private set; } = null!;
    public MediaResource Inline { get; private set; } = null!;

    /// <summary>Gateway settings a test class adds (<c>Key=Value</c>).</summary>
    public static Task<GatewayMesh> StartAsync(params string[] gatewaySettings) =>
        StartAsync(new Dictionary<string, string[]> { [Catalogue.Gateway] = gatewaySettings });

    /// <summary>Settings a test class adds, by the catalogue's name of the process they are for (<c>Key=Value</c>).</summary>
    public static async Task<GatewayMesh> StartAsync(IReadOnlyDictionary<string, string[]> settings)
    {
        var mesh = new GatewayMesh();
        try
        {
            await mesh.StartCoreAsync(settings);
        }
        catch
        {
            await mesh.DisposeAsync();
            throw;
        }
        return mesh;
    }

    public Task InitializeAsync() => StartCoreAsync(new Dictionary<string, string[]>());

    /// <summary>A client of the gateway's web listener (HTTP/1.1) whose requests carry <paramref name="token"/>; none: anonymous.</summary>
    public HttpClient Web(string? token = null) => TestIdentity.Http($"http://127.0.0.1:{Gateway.HttpPort}", token);

    /// <summary>A channel to the gateway's listener for gRPC callers (h2c) whose calls carry <paramref name="token"/>; none: anonymous.</summary>
    public GrpcChannel Grpc(string? token = null) => TestIdentity.Channel($"http://127.0.0.1:{Gateway.GrpcPort}", token);

    /// <summary>An editor's token, for the writes a test makes through the gateway.</summary>
    public static string Editor => TestIdentity.Shared.TokenFor("editor");

    /// <summary>Every process of the catalogue in its order, each pointed at those it calls, with its <paramref name="extra"/> settings; the gateway last.</summary>
    private async Task StartCoreAsync(IReadOnlyDictionary<string, string[]> extra)
    {
        var started = new Dictionary<string, ServiceProcess>();
        foreach (var entry in Catalogue.All.Where(e => e.Name != Catalogue.Web))
        {
            string[] settings = [.. Catalogue.CallSettings(entry, callee => started[callee.Name].GrpcAddress).Select(s => $"{s.Key}={s.Value}"), .. extra.GetValueOrDefault(entry.Name, [])];
            started[entry.Name] = Track(entry.Name == Catalogue.Gateway
                ? await ServiceProcess.StartAsync(entry.Name, ["Gateway:CorsOrigins:0=https://reader.example", .. settings])
                : await ServiceProcess.StartWithOwnDataAsync(entry.Name, settings));
        }
        Authors = started["authors"];
        Media = started["media"];
        Articles = started["articles"];
        Webhooks = started["webhooks"];
        Search = started["search"];
        Gateway = started[Catalogue.Gateway];
        await SeedAsync();
    }

    private ServiceProcess Track(ServiceProcess process)
    {
        _started.Add(process);
        return process;
    }

    private async Task SeedAsync()
    {
        var authors = new AuthorService.AuthorServiceClient(Authors.Channel);
        var reporter = await authors.CreateAuthorAsync(new CreateAuthorRequest
        {
            AuthorId = "ines-calder",
            Author = new Author
            {
                Slug = "ines-calder",
                Kind = Author.Types.Kind.Person,
                DisplayName = "Ines Calder",
                Title = { ["en"] = "Harbour correspondent", ["fr"] = "Correspondante portuaire" },
                ShortBio = { ["en"] = "Ines Calder reports on ports and shipping.", ["fr"] = "Ines Calder couvre les ports et le transport maritime." },
            },
        });
        var agency = await authors.CreateAuthorAsync(new CreateAuthorRequest
        {
            AuthorId = "northwire",
            Author = new Author { Slug = "northwire", Kind = Author.Types.Kind.WireAgency, DisplayName = "Northwire" },
        });

        var media = new MediaService.MediaServiceClient(Media.Channel);
        Lead = await UploadAsync(media, "harbour", TestPng.Solid(1600, 900, 30, 90, 160), new MediaResource
        {
            Caption = "Ferries wait at the quay.",
            Credit = "Photo: Maren Holt / Northwire",
            AltText = "Two white ferries moored at a concrete quay.",
            FilePhotoTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2021, 5, 2, 8, 0, 0, TimeSpan.Zero)),
        });
        Inline = await UploadAsync(media, "chart", TestPng.Solid(800, 800, 200, 200, 40), new MediaResource
        {
            Caption = "Crossings per month.",
            Credit = "Graphic: Data desk",
            AltText = "A bar chart of monthly crossings.",
        });

        var articles = new ArticleService.ArticleServiceClient(Articles.Channel);
        Article Story(string language, string slug, string headline) => new()
        {
            Slug = slug,
            LanguageCode = language,
            TranslationGroup = "ferry-strike",
            Section = "world",
            Headline = headline,
            Body =
            {
                new Block { Paragraph = new Paragraph { Text = "Ferry crews stopped work at dawn." } },
                new Block { Media = new MediaReference { Media = Inline.Name, Caption = "" } },
                new Block { Paragraph = new Paragraph { Text = "Talks resume on Monday." } },
            },
            LeadMedia = new LeadMedia { Media = Lead.Name, AspectRatio = "16x9" },
            Bylines =
            {
                new Byline { Author = reporter.Name, Role = Byline.Types.Role.Author },
                new Byline { Author = agency.Name, Role = Byline.Types.Role.InformationSource },
            },
        };
        // The first calls of a mesh just started on a loaded machine may outlast the byline check's deadline: the
        // article service says to retry, and a request id makes the retry safe.
        async Task<Article> CreatedAsync(Article story)
        {
            var request = new CreateArticleRequest { Article = story, RequestId = Guid.NewGuid().ToString() };
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await articles.CreateArticleAsync(request);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt < 5)
                {
                    // A channel that failed to connect waits before it tries again.
                    await Task.Delay(TimeSpan.FromSeconds(attempt));
                }
            }
        }
        async Task<Article> PublishedAsync(Article story) =>
            await articles.PublishArticleAsync(new PublishArticleRequest { Name = (await CreatedAsync(story)).Name });
        English = await PublishedAsync(Story("en", "ferry-crews-strike", "Ferry crews strike over rosters"));
        French = await PublishedAsync(Story("fr", "greve-des-equipages-de-ferry", "Grève des équipages de ferry"));
        Draft = await CreatedAsync(Story("en", "ferry-talks-draft", "Draft: talks"));
        // A read racing a write (the search service reads each article as it changes) may have cached the version
        // before the publication, until the article service's second eviction a second later: the seed is ready
        // when a reader is shown both stories.
        using var reader = Articles.ChannelWith(null);
        var anonymous = new ArticleService.ArticleServiceClient(reader);
        foreach (var story in new[] { English, French })
        {
            await RpcAssert.Eventually(async () =>
            {
                try
                {
                    return (await anonymous.GetArticleAsync(new GetArticleRequest { Name = story.Name })).State == Article.Types.State.Published;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(10), $"{story.Name} shown to readers");
        }
    }

    /// <summary>
    /// Uploads <paramref name="png"/> as <paramref name="id"/> (empty: the service names it). When the service refuses
    /// part-way, the remaining writes fail; the refusal itself is what the caller gets, as from a real client.
    /// </summary>
    public static async Task<MediaResource> UploadAsync(MediaService.MediaServiceClient client, string id, byte[] png, MediaResource described)
    {
        using var call = client.UploadMedia();
        try
        {
            await call.RequestStream.WriteAsync(new UploadMediaRequest
            {
                Metadata = new UploadMetadata { Media = described, ContentType = "image/png", MediaId = id },
            });
            for (var offset = 0; offset < png.Length; offset += 64 * 1024)
            {
                await call.RequestStream.WriteAsync(new UploadMediaRequest { Chunk = ByteString.CopyFrom(png, offset, Math.Min(64 * 1024, png.Length - offset)) });
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            // The call has ended; its status is in ResponseAsync.
        }
        return await call.ResponseAsync;
    }

    public async Task DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }
        _started.Clear();
    }

    /// <summary>The time a request takes, and its status.</summary>
    public static async Task<(HttpStatusCode Status, TimeSpan Took)> TimeAsync(HttpClient http, string path)
    {
        var started = DateTime.UtcNow;
        using var response = await http.GetAsync(path);
        return (response.StatusCode, DateTime.UtcNow - started);
    }
}
