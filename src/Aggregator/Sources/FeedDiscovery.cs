using AngleSharp.Html.Parser;

namespace Aggregator.Sources;

/// <summary>Finds the feeds a web page names in its <c>&lt;link rel="alternate"&gt;</c> tags, best first.</summary>
internal static class FeedDiscovery
{
    private static readonly string[] FeedTypes =
    [
        "application/atom+xml", "application/rss+xml", "application/feed+json", "application/json", "application/rdf+xml", "text/xml", "application/xml",
    ];

    public static IReadOnlyList<Uri> FindFeeds(string html, Uri pageUrl)
    {
        var document = new HtmlParser().ParseDocument(html);
        var baseUrl = document.QuerySelector("base[href]")?.GetAttribute("href") is { } b && Uri.TryCreate(pageUrl, b, out var bu) ? bu : pageUrl;
        return [.. document.QuerySelectorAll("link[rel~='alternate'][href]")
            .Select(l => (Type: l.GetAttribute("type")?.Trim().ToLowerInvariant() ?? "", Href: l.GetAttribute("href")!))
            .Where(l => Array.IndexOf(FeedTypes, l.Type) >= 0)
            .OrderBy(l => Array.IndexOf(FeedTypes, l.Type))
            .Select(l => Uri.TryCreate(baseUrl, l.Href.Trim(), out var u) ? u : null)
            .OfType<Uri>()
            .Where(u => u.Scheme is "http" or "https")
            .Distinct()];
    }
}
