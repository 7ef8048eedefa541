namespace NewsMesh.Web.Rendering;

/// <summary>The site's addresses, in one place: every link and redirect is made here.</summary>
public static class SitePaths
{
    public static string Front(string language) => $"/{Escape(language)}/";

    public static string Section(string language, string section) => $"/{Escape(language)}/{Escape(section)}/";

    public static string Article(string language, string section, string slug) => $"/{Escape(language)}/{Escape(section)}/{Escape(slug)}";

    public static string Author(string language, string slug) => $"/{Escape(language)}/authors/{Escape(slug)}";

    public static string Search(string language) => $"/{Escape(language)}/search";

    public static string SectionFeed(string language, string section) => $"/{Escape(language)}/{Escape(section)}/feed.atom";

    public static string Sitemap(string language) => $"/{Escape(language)}/sitemap.xml";

    public static string NewsSitemap(string language) => $"/{Escape(language)}/news-sitemap.xml";

    /// <summary>The resource id in <c>collection/{id}</c>.</summary>
    public static string Id(string name) => name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
