using System.Xml;

namespace Aggregator.Publish;

/// <summary>RSS 2.0 with <c>content:encoded</c>, <c>dc:creator</c> and <c>source</c> naming where each item came from.</summary>
internal static class RssWriter
{
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static async Task WriteAsync(FeedDocument feed, Stream output, CancellationToken ct)
    {
        await using var xml = XmlWriter.Create(output, FeedXml.Settings);
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
        xml.WriteStartElement("link", AtomNs);
        xml.WriteAttributeString("href", feed.SelfUrl.AbsoluteUri);
        xml.WriteAttributeString("rel", "self");
        xml.WriteAttributeString("type", "application/rss+xml");
        xml.WriteEndElement();
        xml.WriteElementString("lastBuildDate", feed.Updated.ToString("R"));
        xml.WriteElementString("generator", $"Aggregator {ThisAssembly.Version}");
        foreach (var item in feed.Items)
        {
            xml.WriteStartElement("item");
            xml.WriteElementString("title", item.Title ?? "");
            if (item.Url is not null)
            {
                xml.WriteElementString("link", item.Url);
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
                xml.WriteCData(item.ContentHtml.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal));
                xml.WriteEndElement();
            }

            foreach (var enclosure in item.Enclosures.Take(1))
            {
                xml.WriteStartElement("enclosure");
                xml.WriteAttributeString("url", enclosure.Url);
                xml.WriteAttributeString("length", (enclosure.Length ?? 0).ToString());
                xml.WriteAttributeString("type", enclosure.Type ?? "application/octet-stream");
                xml.WriteEndElement();
            }

            if (item.SourceUrl is not null)
            {
                xml.WriteStartElement("source");
                xml.WriteAttributeString("url", item.SourceUrl);
                xml.WriteString(item.SourceTitle ?? item.SourceUrl);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        await xml.FlushAsync();
        ct.ThrowIfCancellationRequested();
    }
}

internal static class FeedXml
{
    /// <summary>UTF-8 without BOM, written to a stream so the declaration says utf-8 (a string writer would say utf-16).</summary>
    public static readonly XmlWriterSettings Settings = new()
    {
        Async = true,
        Encoding = new System.Text.UTF8Encoding(false),
        Indent = false,
        CheckCharacters = false,
    };
}
