using System.Xml;

namespace Aggregator.Publish;

/// <summary>RSS 2.0 with <c>content:encoded</c>, <c>dc:creator</c> and <c>source</c> naming where each item came from.</summary>
internal static class RssWriter
{
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static Task WriteAsync(FeedDocument feed, Stream output, CancellationToken ct)
    {
        using var xml = XmlWriter.Create(output, FeedXml.Settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("rss");
        xml.WriteAttributeString("version", "2.0");
        xml.WriteAttributeString("xmlns", "content", null, ContentNs);
        xml.WriteAttributeString("xmlns", "dc", null, DcNs);
        xml.WriteAttributeString("xmlns", "atom", null, AtomNs);
        xml.WriteStartElement("channel");
        xml.WriteElementString("title", feed.Title);
        xml.WriteElementString("link", feed.HomeUrl.AbsoluteUri);
        xml.WriteElementString("description", feed.Description);
        AtomLink(xml, "self", feed.SelfUrl, "application/rss+xml");
        AtomLink(xml, "next", feed.NextUrl, "application/rss+xml");
        AtomLink(xml, "hub", feed.HubUrl, null);
        xml.WriteElementString("lastBuildDate", feed.Updated.ToString("R"));
        xml.WriteElementString("generator", $"Aggregator {ThisAssembly.Version}");
        foreach (var item in feed.Items)
        {
            WriteItem(xml, feed, item);
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        ct.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    private static void WriteItem(XmlWriter xml, FeedDocument feed, Store.Item item)
    {
        xml.WriteStartElement("item");
        xml.WriteElementString("title", item.Title ?? "");
        if (FeedDocument.SafeUrl(item.Url) is { } url)
        {
            xml.WriteElementString("link", url);
        }

        xml.WriteStartElement("guid");
        xml.WriteAttributeString("isPermaLink", "false");
        xml.WriteString(FeedDocument.IdOf(item));
        xml.WriteEndElement();
        if (item.Published is { } published)
        {
            xml.WriteElementString("pubDate", published.ToString("R"));
        }

        if (item.Author is not null)
        {
            xml.WriteElementString("creator", DcNs, item.Author);
        }

        foreach (var category in item.Categories)
        {
            xml.WriteElementString("category", category);
        }

        xml.WriteElementString("description", item.Summary ?? "");
        if (item.ContentHtml is not null)
        {
            xml.WriteStartElement("encoded", ContentNs);
            xml.WriteCData(item.ContentHtml); // XmlWriter splits any "]]>" itself
            xml.WriteEndElement();
        }

        WriteProvenance(xml, feed, item);
        xml.WriteEndElement();
    }

    /// <summary>The first enclosure (RSS allows one), the origin feed as <c>source</c>, other carriers as <c>atom:link rel="via"</c>.</summary>
    private static void WriteProvenance(XmlWriter xml, FeedDocument feed, Store.Item item)
    {
        foreach (var enclosure in item.Enclosures.Where(e => FeedDocument.SafeUrl(e.Url) is not null).Take(1))
        {
            xml.WriteStartElement("enclosure");
            xml.WriteAttributeString("url", FeedDocument.SafeUrl(enclosure.Url));
            xml.WriteAttributeString("length", (enclosure.Length ?? 0).ToString());
            xml.WriteAttributeString("type", enclosure.Type ?? "application/octet-stream");
            xml.WriteEndElement();
        }

        if (FeedDocument.SafeUrl(item.SourceUrl) is { } sourceUrl)
        {
            xml.WriteStartElement("source");
            xml.WriteAttributeString("url", sourceUrl);
            xml.WriteString(item.SourceTitle ?? sourceUrl);
            xml.WriteEndElement();
        }

        foreach (var copy in feed.OtherCopiesOf(item))
        {
            if (FeedDocument.SafeUrl(copy.Url ?? copy.SourceUrl) is { } via)
            {
                AtomLink(xml, "via", new Uri(via), null, copy.SourceTitle);
            }
        }
    }

    private static void AtomLink(XmlWriter xml, string rel, Uri? href, string? type, string? title = null)
    {
        if (href is null)
        {
            return;
        }

        xml.WriteStartElement("atom", "link", AtomNs);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href.AbsoluteUri);
        if (type is not null)
        {
            xml.WriteAttributeString("type", type);
        }

        if (title is not null)
        {
            xml.WriteAttributeString("title", title);
        }

        xml.WriteEndElement();
    }
}

internal static class FeedXml
{
    /// <summary>
    /// UTF-8 without BOM, written to a stream so the declaration says utf-8 (a string writer would say utf-16).
    /// Synchronous: feeds are written to memory, and an async writer costs more per call. Characters are not
    /// checked here (a bad one would throw mid-feed): <see cref="XmlSafe"/> removes them from the items first.
    /// </summary>
    public static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new System.Text.UTF8Encoding(false),
        Indent = false,
        CheckCharacters = false,
    };
}
