using System.Globalization;
using System.Text;
using System.Xml;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Web.Gateway;
using NewsMesh.Web.Rendering;

namespace NewsMesh.Web.Feeds;

/// <summary>
/// What search engines and feed readers fetch: a sitemap index of the languages the mesh holds, a sitemap and a news
/// sitemap (the last 48 hours) per language, and an Atom feed per section, each from the gateway's lists.
/// </summary>
public static class SiteFeeds
{
    /// <summary>The most addresses a sitemap lists, newest first (older articles are reached through the section pages).</summary>
    public const int MaxSitemapUrls = 1000;

    /// <summary>What a news sitemap covers, and the most it may list (the limit news search engines read).</summary>
    public static readonly TimeSpan NewsWindow = TimeSpan.FromHours(48);

    public const int MaxNewsUrls = 1000;

    public const int FeedEntries = 20;

    private const int ListPage = 100;
    private static readonly string[] ReadMethods = ["GET", "HEAD"];
    private const string SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string NewsNs = "http://www.google.com/schemas/sitemap-news/0.9";
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static IEndpointRouteBuilder MapSiteFeeds(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/sitemap.xml", ReadMethods, SitemapIndexAsync);
        endpoints.MapMethods("/{lang:language}/sitemap.xml", ReadMethods, SitemapAsync);
        endpoints.MapMethods("/{lang:language}/news-sitemap.xml", ReadMethods, NewsSitemapAsync);
        endpoints.MapMethods("/{lang:language}/{section}/feed.atom", ReadMethods, SectionFeedAsync);
        return endpoints;
    }

    private static async Task<IResult> SitemapIndexAsync(GatewayReader gateway, PageReads reads, IOptions<WebOptions> options)
    {
        // Every article, no words: the facets say which languages there are.
        var all = await gateway.GetAsync<SearchArticlesResponse>(GatewayReader.Path("/v1/search", ("pageSize", "1")), reads);
        var site = options.Value;
        return Xml(writer =>
        {
            writer.WriteStartElement("sitemapindex", SitemapNs);
            foreach (var language in (all?.Languages ?? []).Select(l => l.Value).Order(StringComparer.Ordinal))
            {
                foreach (var path in new[] { SitePaths.Sitemap(language), SitePaths.NewsSitemap(language) })
                {
                    writer.WriteStartElement("sitemap", SitemapNs);
                    writer.WriteElementString("loc", SitemapNs, Absolute(site, path));
                    writer.WriteEndElement();
                }
            }
            writer.WriteEndElement();
        }, "application/xml");
    }

    private static async Task<IResult> SitemapAsync(string lang, GatewayReader gateway, PageReads reads, IOptions<WebOptions> options)
    {
        var articles = await PublishedAsync(gateway, reads, lang, null, MaxSitemapUrls, _ => true);
        var site = options.Value;
        return Xml(writer =>
        {
            writer.WriteStartElement("urlset", SitemapNs);
            foreach (var article in articles)
            {
                writer.WriteStartElement("url", SitemapNs);
                writer.WriteElementString("loc", SitemapNs, Absolute(site, SitePaths.Article(article.LanguageCode, article.Section, article.Slug)));
                if ((article.UpdateTime ?? article.PublishTime) is { } modified)
                {
                    writer.WriteElementString("lastmod", SitemapNs, PageLanguage.MachineTime(modified));
                }
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
        }, "application/xml");
    }

    private static async Task<IResult> NewsSitemapAsync(string lang, GatewayReader gateway, PageReads reads, IOptions<WebOptions> options, TimeProvider clock)
    {
        var since = clock.GetUtcNow() - NewsWindow;
        var articles = await PublishedAsync(gateway, reads, lang, null, MaxNewsUrls, a => (a.FirstPublishTime ?? a.PublishTime) is { } at && at.ToDateTimeOffset() >= since);
        var site = options.Value;
        return Xml(writer =>
        {
            writer.WriteStartElement("urlset", SitemapNs);
            writer.WriteAttributeString("xmlns", "news", null, NewsNs);
            foreach (var article in articles)
            {
                writer.WriteStartElement("url", SitemapNs);
                writer.WriteElementString("loc", SitemapNs, Absolute(site, SitePaths.Article(article.LanguageCode, article.Section, article.Slug)));
                writer.WriteStartElement("news", "news", NewsNs);
                writer.WriteStartElement("news", "publication", NewsNs);
                writer.WriteElementString("news", "name", NewsNs, site.SiteName);
                writer.WriteElementString("news", "language", NewsNs, article.LanguageCode);
                writer.WriteEndElement();
                writer.WriteElementString("news", "publication_date", NewsNs, MachineTime(article.FirstPublishTime ?? article.PublishTime));
                writer.WriteElementString("news", "title", NewsNs, article.Headline);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
        }, "application/xml");
    }

    private static async Task<IResult> SectionFeedAsync(string lang, string section, GatewayReader gateway, PageReads reads, IOptions<WebOptions> options)
    {
        var articles = await PublishedAsync(gateway, reads, lang, section, FeedEntries, _ => true);
        if (articles.Count == 0)
        {
            return Results.NotFound();
        }
        var site = options.Value;
        var language = PageLanguage.Parse(lang)!;
        var self = Absolute(site, SitePaths.SectionFeed(lang, section));
        return Xml(writer =>
        {
            writer.WriteStartElement("feed", AtomNs);
            writer.WriteAttributeString("xml", "lang", null, lang);
            writer.WriteElementString("id", AtomNs, self);
            writer.WriteElementString("title", AtomNs, $"{site.SiteName}: {language.Text.SectionName(section)}");
            writer.WriteElementString("updated", AtomNs, MachineTime(articles.Select(a => a.UpdateTime ?? a.PublishTime).Where(t => t is not null).Max()));
            Link(writer, "self", self);
            Link(writer, "alternate", Absolute(site, SitePaths.Section(lang, section)));
            foreach (var article in articles)
            {
                var url = Absolute(site, SitePaths.Article(article.LanguageCode, article.Section, article.Slug));
                writer.WriteStartElement("entry", AtomNs);
                writer.WriteElementString("id", AtomNs, url);
                writer.WriteElementString("title", AtomNs, article.Headline);
                Link(writer, "alternate", url);
                writer.WriteElementString("published", AtomNs, MachineTime(article.FirstPublishTime ?? article.PublishTime));
                writer.WriteElementString("updated", AtomNs, MachineTime(article.UpdateTime ?? article.PublishTime));
                if (article.Summary.Length > 0)
                {
                    writer.WriteElementString("summary", AtomNs, article.Summary);
                }
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
        }, "application/atom+xml");
    }

    /// <summary>Published articles newest first, those <paramref name="wanted"/> lets through, until <paramref name="most"/> or the first it does not.</summary>
    private static async Task<List<Article>> PublishedAsync(GatewayReader gateway, PageReads reads, string lang, string? section, int most, Func<Article, bool> wanted)
    {
        var found = new List<Article>();
        string? token = null;
        do
        {
            var page = await gateway.GetAsync<ListArticlesResponse>(GatewayReader.Path("/v1/articles",
                ("languageCode", lang), ("section", section), ("state", "STATE_PUBLISHED"),
                ("pageSize", Math.Min(ListPage, most - found.Count).ToString(CultureInfo.InvariantCulture)), ("pageToken", token)), reads);
            if (page is null)
            {
                break;
            }
            foreach (var article in page.Articles)
            {
                if (!wanted(article))
                {
                    return found;
                }
                found.Add(article);
            }
            token = page.NextPageToken.Length > 0 ? page.NextPageToken : null;
        }
        while (token is not null && found.Count < most);
        return found;
    }

    private static string Absolute(WebOptions site, string path) => site.PublicUrl.TrimEnd('/') + path;

    private static void Link(XmlWriter writer, string rel, string href)
    {
        writer.WriteStartElement("link", AtomNs);
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static IResult Xml(Action<XmlWriter> write, string contentType)
    {
        using var body = new MemoryStream();
        using (var writer = XmlWriter.Create(body, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            writer.WriteStartDocument();
            write(writer);
        }
        return Results.Bytes(body.ToArray(), contentType + "; charset=utf-8");
    }

    private static string MachineTime(Timestamp? time) => time is null ? "" : PageLanguage.MachineTime(time);
}
