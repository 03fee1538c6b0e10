using System.Globalization;
using System.Xml.Linq;
using static Aggregator.Parse.XmlText;

namespace Aggregator.Parse;

/// <summary>Maps a well-formed feed document (RSS 0.9x–2.0, RSS 1.0/RDF, Atom 0.3/1.0) to a <see cref="ParsedFeed"/>.</summary>
internal static class XmlFeedReader
{
    private static readonly XNamespace Dc = FeedNamespaces.DublinCore;

    /// <summary>The format of a document by its root element, or null when it is no feed we know.</summary>
    public static string? FormatOf(XElement root) => root.Name.LocalName.ToLowerInvariant() switch
    {
        "feed" => "atom",
        "rss" or "channel" => "rss",
        "rdf" => "rdf",
        _ => null,
    };

    /// <summary>The items of the document in order; RSS 1.0 puts them beside the channel, broken RSS inside it or the root.</summary>
    public static IEnumerable<XElement> ItemsOf(XElement root, string format)
    {
        if (format == "atom")
        {
            return AtomChildren(root, "entry");
        }

        var channel = Core(root, "channel");
        XElement[] holders = channel is null ? [root] : [channel, root];
        return holders.SelectMany(h => h.Elements()).Where(e => e.Name.LocalName == "item" && FeedNamespaces.IsRssCore(e.Name.Namespace));
    }

    public static ParsedFeed Read(XElement root, string format, IEnumerable<XElement> items, Uri address)
    {
        if (format != "atom")
        {
            return ReadRss(root, format, items, address);
        }

        if (!FeedNamespaces.IsAtom(root.Name.Namespace))
        {
            // Pre-standard Atom drafts used other namespaces (or none): read them as Atom 0.3.
            var draft = root.Name.Namespace;
            foreach (var element in root.DescendantsAndSelf().Where(e => e.Name.Namespace == draft).ToList())
            {
                element.Name = FeedNamespaces.Atom03 + element.Name.LocalName;
            }

            return ReadAtom(root, ItemsOf(root, "atom"), address);
        }

        return ReadAtom(root, items, address);
    }

    private static ParsedFeed ReadRss(XElement root, string format, IEnumerable<XElement> items, Uri address)
    {
        var channel = root.Name.LocalName == "channel" ? root : Core(root, "channel") ?? root;
        var linkElement = Core(channel, "link");
        var link = Absolute(Value(linkElement), linkElement ?? channel, address) ?? XmlItemReader.AtomLink(channel, "alternate", address);
        var description = Plain(Core(channel, "description")) ?? Plain(channel.Element(Dc + "description"))
            ?? Plain(AtomChild(channel, "subtitle")) ?? Plain(Itunes(channel, "subtitle")) ?? Plain(Itunes(channel, "summary"));
        var updated = FeedDates.Parse(Value(Core(channel, "lastBuildDate")))
            ?? FeedDates.Parse(Value(Core(channel, "pubDate")))
            ?? FeedDates.Parse(Value(channel.Element(Dc + "date")))
            ?? FeedDates.Parse(Value(AtomChild(channel, "updated")));
        return new ParsedFeed(
            format,
            Plain(Core(channel, "title")) ?? Plain(channel.Element(Dc + "title")) ?? Plain(AtomChild(channel, "title")),
            link,
            description,
            Language(channel),
            updated,
            RssImage(root, channel, address),
            items.Select(item => XmlItemReader.FromRss(item, address)).ToList())
        {
            RefreshHint = RefreshHint(channel),
        };
    }

    private static ParsedFeed ReadAtom(XElement root, IEnumerable<XElement> entries, Uri address)
    {
        var authors = new List<ParsedAuthor>();
        foreach (var person in AtomChildren(root, "author"))
        {
            Authors.AddDistinct(authors, Authors.FromPerson(person, address));
        }

        var image = AtomChild(root, "logo") ?? AtomChild(root, "icon");
        return new ParsedFeed(
            "atom",
            Plain(AtomChild(root, "title")),
            XmlItemReader.AtomLink(root, "alternate", address),
            Plain(AtomChild(root, "subtitle") ?? AtomChild(root, "tagline")),
            Language(root),
            FeedDates.Parse(Value(AtomChild(root, "updated") ?? AtomChild(root, "modified"))),
            image is null ? null : Absolute(image.Value, image, address),
            entries.Select(entry => XmlItemReader.FromAtom(entry, address, authors)).ToList());
    }

    private static string? Language(XElement channel) =>
        Value(Core(channel, "language")) ?? Value(channel.Element(Dc + "language"))
        ?? NullIfBlank(channel.AncestorsAndSelf().Select(e => e.Attribute(XNamespace.Xml + "lang")?.Value).FirstOrDefault(v => v is not null));

    private static string? RssImage(XElement root, XElement channel, Uri address)
    {
        var image = Core(channel, "image") ?? Core(root, "image");
        var url = image is null ? null : Core(image, "url");
        if (url is not null && Value(url) is { } href)
        {
            return Absolute(href, url, address);
        }

        var rdfImage = image?.Attribute(FeedNamespaces.Rdf + "resource")?.Value ?? image?.Attribute(FeedNamespaces.Rdf + "about")?.Value;
        var itunes = Itunes(channel, "image");
        var logo = AtomChild(channel, "logo") ?? AtomChild(channel, "icon");
        return Absolute(rdfImage, channel, address)
            ?? Absolute(itunes?.Attribute("href")?.Value ?? itunes?.Value, itunes ?? channel, address)
            ?? (logo is null ? null : Absolute(logo.Value, logo, address));
    }

    /// <summary>RSS <c>ttl</c> in minutes, else the syndication module's period divided by its frequency.</summary>
    private static TimeSpan? RefreshHint(XElement channel)
    {
        if (int.TryParse(Value(Core(channel, "ttl")), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) && ttl > 0)
        {
            return TimeSpan.FromMinutes(ttl);
        }

        TimeSpan? period = Value(channel.Element(FeedNamespaces.Syndication + "updatePeriod"))?.ToLowerInvariant() switch
        {
            "hourly" => TimeSpan.FromHours(1),
            "daily" => TimeSpan.FromDays(1),
            "weekly" => TimeSpan.FromDays(7),
            "monthly" => TimeSpan.FromDays(30),
            "yearly" => TimeSpan.FromDays(365),
            _ => null,
        };
        var frequencyText = Value(channel.Element(FeedNamespaces.Syndication + "updateFrequency"));
        var frequency = int.TryParse(frequencyText, NumberStyles.None, CultureInfo.InvariantCulture, out var f) && f > 0 ? f : 1;
        return period / frequency;
    }
}
