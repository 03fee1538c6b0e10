using System.Xml;

namespace Aggregator.Publish;

/// <summary>Atom 1.0 (RFC 4287); every entry has an author and an <c>atom:source</c> naming its origin feed.</summary>
internal static class AtomWriter
{
    private const string Ns = "http://www.w3.org/2005/Atom";

    public static Task WriteAsync(FeedDocument feed, Stream output, CancellationToken ct)
    {
        using var xml = XmlWriter.Create(output, FeedXml.Settings);
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
        if (feed.NextUrl is not null)
        {
            Link(xml, "next", feed.NextUrl.AbsoluteUri, "application/atom+xml");
        }

        if (feed.HubUrl is not null)
        {
            Link(xml, "hub", feed.HubUrl.AbsoluteUri, null);
        }

        foreach (var item in feed.Items)
        {
            WriteEntry(xml, feed, item);
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        ct.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    private static void WriteEntry(XmlWriter xml, FeedDocument feed, Store.Item item)
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
        if (FeedDocument.SafeUrl(item.Url) is { } url)
        {
            Link(xml, "alternate", url, "text/html");
        }

        foreach (var enclosure in item.Enclosures)
        {
            if (FeedDocument.SafeUrl(enclosure.Url) is { } href)
            {
                Link(xml, "enclosure", href, enclosure.Type);
            }
        }

        // Every other source that carried this story, earliest first.
        foreach (var copy in feed.OtherCopiesOf(item))
        {
            if (FeedDocument.SafeUrl(copy.Url ?? copy.SourceUrl) is { } via)
            {
                Link(xml, "via", via, null, copy.SourceTitle);
            }
        }

        WriteBody(xml, item);
        WriteSource(xml, item);
        xml.WriteEndElement();
    }

    private static void WriteBody(XmlWriter xml, Store.Item item)
    {
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
    }

    private static void WriteSource(XmlWriter xml, Store.Item item)
    {
        if (FeedDocument.SafeUrl(item.SourceUrl) is not { } sourceUrl)
        {
            return;
        }

        xml.WriteStartElement("source", Ns);
        xml.WriteElementString("id", Ns, sourceUrl);
        Text(xml, "title", item.SourceTitle ?? sourceUrl);
        Link(xml, "self", sourceUrl, null);
        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement(name, Ns);
        xml.WriteAttributeString("type", "text");
        xml.WriteString(value);
        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string rel, string href, string? type, string? title = null)
    {
        xml.WriteStartElement("link", Ns);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
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

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
