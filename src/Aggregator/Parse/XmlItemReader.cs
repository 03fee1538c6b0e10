using System.Globalization;
using System.Xml.Linq;
using static Aggregator.Parse.XmlText;

namespace Aggregator.Parse;

/// <summary>Maps one RSS/RDF item or Atom entry element to a <see cref="ParsedItem"/>, with the common extensions.</summary>
internal static class XmlItemReader
{
    private static readonly XNamespace Dc = FeedNamespaces.DublinCore;
    private static readonly XNamespace Terms = FeedNamespaces.DublinCoreTerms;

    public static ParsedItem FromRss(XElement item, Uri address)
    {
        var guid = Core(item, "guid");
        var id = Value(guid) ?? Value(AtomChild(item, "id")) ?? NullIfBlank(item.Attribute(FeedNamespaces.Rdf + "about")?.Value);
        var permaLink = guid is not null && guid.Attribute("isPermaLink")?.Value.Trim() != "false" && Value(guid) is { } g
            && (g.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || g.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ? g : null;
        var link = Absolute(Value(Core(item, "link")), Core(item, "link") ?? item, address)
            ?? AtomLink(item, "alternate", address)
            ?? permaLink;
        var title = Plain(Core(item, "title")) ?? Plain(item.Element(Dc + "title")) ?? Plain(AtomChild(item, "title"));
        var published = FirstDate(Core(item, "pubDate"), item.Element(Dc + "date"), item.Element(Terms + "issued"),
            item.Element(Terms + "created"), AtomChild(item, "published"), AtomChild(item, "issued"));
        var updated = FirstDate(AtomChild(item, "updated"), item.Element(Terms + "modified"), AtomChild(item, "modified"));

        var authors = new List<ParsedAuthor>();
        Authors.AddDistinct(authors, Authors.FromText(Value(Core(item, "author"))));
        foreach (var creator in item.Elements().Where(e => e.Name.Namespace == Dc && e.Name.LocalName is "creator" or "author"))
        {
            Authors.AddDistinct(authors, Authors.FromText(creator.Value));
        }

        foreach (var person in AtomChildren(item, "author"))
        {
            Authors.AddDistinct(authors, Authors.FromPerson(person, address));
        }

        if (authors.Count == 0)
        {
            Authors.AddDistinct(authors, Authors.FromText(Value(Itunes(item, "author"))));
        }

        var summary = Html(Core(item, "description")) ?? Html(item.Element(Dc + "description")) ?? Html(AtomChild(item, "summary"))
            ?? EscapedText(Itunes(item, "summary")) ?? EscapedText(item.Descendants(FeedNamespaces.Media + "description").FirstOrDefault());
        var content = Html(item.Element(FeedNamespaces.Content + "encoded")) ?? Html(AtomChild(item, "content"))
            ?? Html(item.Element(FeedNamespaces.Xhtml + "body"));
        return new ParsedItem(id, ItemKeys.Of(id, link, title, published ?? updated, summary ?? content), title, link,
            published, updated, authors, Categories(item), summary, content, Enclosures(item, address));
    }

    public static ParsedItem FromAtom(XElement entry, Uri address, IReadOnlyList<ParsedAuthor> feedAuthors)
    {
        var id = Value(AtomChild(entry, "id"));
        var link = AtomLink(entry, "alternate", address);
        var title = Plain(AtomChild(entry, "title")) ?? Plain(entry.Element(Dc + "title"));
        var updated = FirstDate(AtomChild(entry, "updated"), AtomChild(entry, "modified"));
        // An entry with only <updated> was published then, as far as anyone can tell.
        var published = FirstDate(AtomChild(entry, "published"), AtomChild(entry, "issued"), AtomChild(entry, "created"),
            entry.Element(Dc + "date")) ?? updated;

        var authors = new List<ParsedAuthor>();
        foreach (var person in AtomChildren(entry, "author"))
        {
            Authors.AddDistinct(authors, Authors.FromPerson(person, address));
        }

        foreach (var creator in entry.Elements(Dc + "creator"))
        {
            Authors.AddDistinct(authors, Authors.FromText(creator.Value));
        }

        var summary = Html(AtomChild(entry, "summary"));
        var contentElement = AtomChild(entry, "content");
        var content = contentElement?.Attribute("src") is null ? Html(contentElement) : null;
        return new ParsedItem(id, ItemKeys.Of(id, link, title, published, summary ?? content), title, link,
            published, updated, authors.Count > 0 ? authors : feedAuthors, Categories(entry), summary, content,
            Enclosures(entry, address));
    }

    /// <summary>The href of the first Atom link with the given rel (a missing rel means alternate), made absolute.</summary>
    public static string? AtomLink(XElement parent, string rel, Uri address)
    {
        var links = AtomChildren(parent, "link")
            .Where(l => (l.Attribute("rel")?.Value.Trim() ?? "alternate") == rel && (l.Attribute("href") ?? (object?)NullIfBlank(l.Value)) is not null)
            .ToList();
        var best = links.FirstOrDefault(l => l.Attribute("type")?.Value is null or "text/html" or "application/xhtml+xml")
            ?? links.FirstOrDefault();
        // Some Atom 0.3 feeds put the address in the element's text rather than in href.
        return best is null ? null : Absolute(best.Attribute("href")?.Value ?? best.Value, best, address);
    }

    private static DateTimeOffset? FirstDate(params XElement?[] candidates)
    {
        foreach (var element in candidates)
        {
            if (FeedDates.Parse(element?.Value) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    private static string? EscapedText(XElement? element) =>
        element is null ? null : System.Net.WebUtility.HtmlEncode(Value(element));

    private static List<string> Categories(XElement item)
    {
        var names = item.Elements()
            .Select(e => e.Name.LocalName switch
            {
                "category" when FeedNamespaces.IsRssCore(e.Name.Namespace) => Plain(e),
                "category" when FeedNamespaces.IsAtom(e.Name.Namespace) =>
                    PlainFromHtml(e.Attribute("term")?.Value ?? e.Attribute("label")?.Value),
                "subject" when e.Name.Namespace == Dc => Plain(e),
                _ => null,
            })
            .OfType<string>();
        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static List<ParsedEnclosure> Enclosures(XElement item, Uri address)
    {
        var found = new List<ParsedEnclosure>();
        foreach (var e in item.Elements())
        {
            var (href, type, length) = e.Name.LocalName switch
            {
                "enclosure" when FeedNamespaces.IsRssCore(e.Name.Namespace) => (e.Attribute("url")?.Value, e.Attribute("type")?.Value, e.Attribute("length")?.Value),
                "link" when FeedNamespaces.IsAtom(e.Name.Namespace) && e.Attribute("rel")?.Value.Trim() == "enclosure" =>
                    (e.Attribute("href")?.Value, e.Attribute("type")?.Value, e.Attribute("length")?.Value),
                _ => (null, null, null),
            };
            AddEnclosure(found, Absolute(href, e, address), type, length);
        }

        // Media RSS, directly or grouped: only where the feed gave no plain enclosure for that URL.
        foreach (var media in item.Descendants(FeedNamespaces.Media + "content"))
        {
            AddEnclosure(found, Absolute(media.Attribute("url")?.Value, media, address), media.Attribute("type")?.Value,
                media.Attribute("fileSize")?.Value);
        }

        return found;
    }

    private static void AddEnclosure(List<ParsedEnclosure> found, string? url, string? type, string? length)
    {
        if (url is null || found.Exists(f => f.Url == url))
        {
            return;
        }

        long? size = long.TryParse(length?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        found.Add(new ParsedEnclosure(url, NullIfBlank(type), size));
    }
}
