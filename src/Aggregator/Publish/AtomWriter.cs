using System.Xml;

namespace Aggregator.Publish;

/// <summary>Atom 1.0 (RFC 4287); every entry has an author and an <c>atom:source</c> naming its origin feed.</summary>
internal static class AtomWriter
{
    private const string Ns = "http://www.w3.org/2005/Atom";

    public static async Task WriteAsync(FeedDocument feed, Stream output, CancellationToken ct)
    {
        await using var xml = XmlWriter.Create(output, FeedXml.Settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("feed", Ns);
        xml.WriteElementString("id", Ns, feed.Id);
        Text(xml, "title", feed.Title);
        Text(xml, "subtitle", feed.Description);
        xml.WriteElementString("updated", Ns, Instant(feed.Updated));
        Link(xml, "self", feed.SelfUrl.AbsoluteUri, "application/atom+xml");
        Link(xml, "alternate", feed.HomeUrl.AbsoluteUri, "text/html");
        xml.WriteStartElement("generator", Ns);
        xml.WriteAttributeString("version", ThisAssembly.Version);
        xml.WriteString("Aggregator");
        xml.WriteEndElement();
        foreach (var item in feed.Items)
        {
            xml.WriteStartElement("entry", Ns);
            xml.WriteElementString("id", Ns, FeedDocument.IdOf(item));
            Text(xml, "title", item.Title ?? "");
            xml.WriteElementString("updated", Ns, Instant(FeedDocument.UpdatedOf(item)));
            if (item.Published is { } published)
            {
                xml.WriteElementString("published", Ns, Instant(published));
            }

            xml.WriteStartElement("author", Ns);
            xml.WriteElementString("name", Ns, item.Author ?? item.SourceTitle ?? "unknown");
            xml.WriteEndElement();
            if (item.Url is not null)
            {
                Link(xml, "alternate", item.Url, "text/html");
            }

            foreach (var enclosure in item.Enclosures)
            {
                Link(xml, "enclosure", enclosure.Url, enclosure.Type);
            }

            foreach (var category in item.Categories)
            {
                xml.WriteStartElement("category", Ns);
                xml.WriteAttributeString("term", category);
                xml.WriteEndElement();
            }

            if (item.Summary is not null)
            {
                Text(xml, "summary", item.Summary);
            }

            if (item.ContentHtml is not null)
            {
                xml.WriteStartElement("content", Ns);
                xml.WriteAttributeString("type", "html");
                xml.WriteString(item.ContentHtml);
                xml.WriteEndElement();
            }

            WriteSource(xml, item);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
        await xml.FlushAsync();
        ct.ThrowIfCancellationRequested();
    }

    private static void WriteSource(XmlWriter xml, Store.Item item)
    {
        if (item.SourceUrl is null)
        {
            return;
        }

        xml.WriteStartElement("source", Ns);
        xml.WriteElementString("id", Ns, item.SourceUrl);
        Text(xml, "title", item.SourceTitle ?? item.SourceUrl);
        Link(xml, "self", item.SourceUrl, null);
        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement(name, Ns);
        xml.WriteAttributeString("type", "text");
        xml.WriteString(value);
        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string rel, string href, string? type)
    {
        xml.WriteStartElement("link", Ns);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        if (type is not null)
        {
            xml.WriteAttributeString("type", type);
        }

        xml.WriteEndElement();
    }

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
