using System.Globalization;
using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>
/// Title, author and publication time of an article page, from the metadata its publisher
/// wrote for machines (Open Graph, JSON-LD, meta tags) before the text a person reads.
/// </summary>
internal sealed record PageMetadata(string? Title, string? Author, DateTimeOffset? Published)
{
    private static readonly string[] TitleSeparators = [" | ", " - ", " – ", " — ", " :: ", " » ", " · "];

    /// <summary>Reads the metadata; call it before anything removes scripts from the page.</summary>
    public static PageMetadata Read(IDocument document)
    {
        var linked = LinkedData.Read(document);
        var meta = MetaTags(document);
        var title = Meta(meta, "og:title") ?? linked.Headline ?? FirstHeading(document) ?? TitleWithoutSite(document.Title);
        var author = linked.Author ?? Meta(meta, "author") ?? NameOnly(Meta(meta, "article:author"));
        var published = ParseTime(linked.DatePublished)
            ?? ParseTime(Meta(meta, "article:published_time"))
            ?? ParseTime(Meta(meta, "datePublished"))
            ?? ArticleTime(document);
        return new PageMetadata(title, author, published);
    }

    /// <summary>Parses an ISO 8601 (or similar) time; a time without an offset is taken as UTC.</summary>
    public static DateTimeOffset? ParseTime(string? value) =>
        DateTimeOffset.TryParse(value?.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : null;

    private static string? Meta(Dictionary<string, string> meta, string name) => meta.GetValueOrDefault(name);

    // One pass over the meta tags; the first non-empty value of a name wins.
    private static Dictionary<string, string> MetaTags(IDocument document)
    {
        var meta = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in document.GetElementsByTagName("meta"))
        {
            var name = tag.GetAttribute("property") ?? tag.GetAttribute("name") ?? tag.GetAttribute("itemprop");
            var content = tag.GetAttribute("content")?.Trim();
            if (name is not null && !string.IsNullOrEmpty(content))
            {
                meta.TryAdd(name.Trim(), content);
            }
        }

        return meta;
    }

    private static string? FirstHeading(IDocument document)
    {
        var heading = document.QuerySelector("article h1, main h1, h1");
        var text = heading is null ? null : ElementText.Normalized(heading);
        return string.IsNullOrEmpty(text) ? null : text;
    }

    // "<title>Headline | Site</title>": the headline is the longest part.
    private static string? TitleWithoutSite(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        return title.Split(TitleSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .MaxBy(part => part.Length);
    }

    // article:author is often a profile URL rather than a name.
    private static string? NameOnly(string? value) =>
        value is null || value.Contains("://", StringComparison.Ordinal) ? null : value;

    // The time element of the article itself, never the page's header date bar.
    private static DateTimeOffset? ArticleTime(IDocument document)
    {
        var time = document.QuerySelector("article time[datetime], main time[datetime], [itemprop=datePublished][datetime]");
        return ParseTime(time?.GetAttribute("datetime"));
    }
}
