using System.Text;
using System.Xml;
using System.Xml.Linq;
using Aggregator.Store;

namespace Aggregator.Sources;

/// <summary>OPML 2.0 in and out. Reading refuses DTDs, like every XML we read.</summary>
internal static class Opml
{
    /// <summary>An outline that names a feed; <see cref="Url"/> is as the file spells it.</summary>
    public sealed record Outline(string Url, string? Title);

    public static XDocument Write(IEnumerable<Source> sources, DateTimeOffset now) => new(
        new XDeclaration("1.0", "utf-8", null),
        new XElement("opml", new XAttribute("version", "2.0"),
            new XElement("head",
                new XElement("title", "Aggregator sources"),
                new XElement("dateCreated", now.ToString("R"))),
            new XElement("body", sources.Select(s => new XElement("outline",
                new XAttribute("type", "rss"),
                new XAttribute("text", s.Title ?? s.Url),
                new XAttribute("title", s.Title ?? s.Url),
                new XAttribute("xmlUrl", s.Url),
                s.SiteUrl is null ? null : new XAttribute("htmlUrl", s.SiteUrl))))));

    /// <summary>Writes the document as indented UTF-8 without a byte order mark, as the API serves it and the CLI prints it.</summary>
    public static async Task SaveAsync(XDocument document, Stream stream, CancellationToken ct)
    {
        var settings = new XmlWriterSettings { Async = true, Indent = true, Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) };
        await using var writer = XmlWriter.Create(stream, settings);
        await document.SaveAsync(writer, ct);
    }

    /// <summary>Every outline with an <c>xmlUrl</c>, at any depth; throws <see cref="XmlException"/> on a broken document.</summary>
    public static IReadOnlyList<Outline> Read(Stream stream)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = false };
        using var reader = XmlReader.Create(stream, settings);
        var document = XDocument.Load(reader);
        if (document.Root?.Name.LocalName != "opml")
        {
            throw new XmlException("the root element is not <opml>");
        }

        return [.. document.Descendants("outline")
            .Select(o => (Url: (string?)o.Attribute("xmlUrl"), Title: (string?)o.Attribute("title") ?? (string?)o.Attribute("text")))
            .Where(o => o.Url is not null)
            .Select(o => new Outline(o.Url!.Trim(), string.IsNullOrWhiteSpace(o.Title) ? null : o.Title.Trim()))];
    }
}
