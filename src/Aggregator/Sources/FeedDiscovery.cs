using AngleSharp.Html.Parser;

namespace Aggregator.Sources;

/// <summary>Finds the feeds a web page names in its <c>&lt;link rel="alternate"&gt;</c> tags, best first.</summary>
internal static class FeedDiscovery
{
    private static readonly string[] FeedTypes =
    [
        "application/atom+xml", "application/rss+xml", "application/feed+json", "application/json", "application/rdf+xml", "text/xml", "application/xml",
    ];

    /// <summary>A feed a page names: its address, declared type and title.</summary>
    public sealed record Link(Uri Url, string Type, string? Title);

    public static IReadOnlyList<Uri> FindFeeds(string html, Uri pageUrl) => [.. FindLinks(html, pageUrl).Select(l => l.Url)];

    /// <summary>The page's feed links, best first: by type (Atom, RSS, JSON Feed, …), then in page order.</summary>
    public static IReadOnlyList<Link> FindLinks(string html, Uri pageUrl)
    {
        var document = new HtmlParser().ParseDocument(html);
        var baseUrl = document.QuerySelector("base[href]")?.GetAttribute("href") is { } b && Uri.TryCreate(pageUrl, b, out var bu) ? bu : pageUrl;
        return [.. document.QuerySelectorAll("link[rel~='alternate'][href]")
            .Select(l => (Type: l.GetAttribute("type")?.Trim().ToLowerInvariant() ?? "", Href: l.GetAttribute("href")!, Title: l.GetAttribute("title")?.Trim()))
            .Where(l => Array.IndexOf(FeedTypes, l.Type) >= 0)
            .OrderBy(l => Array.IndexOf(FeedTypes, l.Type))
            .Select(l => Uri.TryCreate(baseUrl, l.Href.Trim(), out var u) ? new Link(u, l.Type, string.IsNullOrEmpty(l.Title) ? null : l.Title) : null)
            .OfType<Link>()
            .Where(l => l.Url.Scheme is "http" or "https")
            .DistinctBy(l => l.Url)];
    }
}
