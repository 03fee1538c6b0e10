using System.Xml;
using System.Xml.Linq;
using CodeHollow.FeedReader;

namespace Aggregator.Parse;

/// <summary>
/// Bytes and address in, <see cref="ParsedFeed"/> out: decode, make the XML safe, parse it once,
/// repair before giving up, and read every field namespace-aware ourselves.
/// </summary>
internal sealed class FeedParser
{
    /// <summary>Parses a feed; throws <see cref="FeedParseException"/> only when the document is no feed at all.</summary>
    /// <param name="contentType">The HTTP Content-Type header, whose charset outranks the XML declaration.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "An instance service: injected where feeds are parsed.")]
    public ParsedFeed Parse(byte[] content, Uri address, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(address);
        var text = FeedDecoder.Decode(content, contentType);
        var start = text.AsSpan().TrimStart("\uFEFF \t\r\n");
        if (start.IsEmpty)
        {
            throw new FeedParseException("not a feed: the document is empty");
        }

        return start[0] is '{' or '['
            ? JsonFeedReader.Read(text, address)
            : ParseXml(XmlRepair.StripProlog(text), address);
    }

    private static ParsedFeed ParseXml(string xml, Uri address)
    {
        if (LooksLikeHtml(xml))
        {
            throw new FeedParseException("not a feed: the document is HTML");
        }

        return ReadWithLibrary(xml, address)
            ?? ReadWithLibrary(XmlRepair.Repair(xml), address)
            ?? ReadLeniently(XmlRepair.Repair(xml), address);
    }

    private static readonly XmlReaderSettings Strict = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>
    /// A well-formed document, parsed once and read namespace-aware by our own reader; null when the XML
    /// is not well-formed, so that we repair and retry. CodeHollow.FeedReader is asked only about a root
    /// element we do not know: its own mapping parses every document twice and carries the bugs this
    /// stage exists to fix (prefix-matched namespaces, double-decoded content, machine-culture dates),
    /// and on well-formed feeds it was the larger half of our parsing time.
    /// </summary>
    private static ParsedFeed? ReadWithLibrary(string xml, Uri address)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Strict);
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }

        var root = document.Root!;
        var format = XmlFeedReader.FormatOf(root) ?? LibraryFormat(xml);
        return format is null
            ? ReadLeniently(xml, address)
            : XmlFeedReader.Read(root, format, XmlFeedReader.ItemsOf(root, format), address);
    }

    /// <summary>The format CodeHollow.FeedReader recognises in a document whose root we do not know, if any.</summary>
    private static string? LibraryFormat(string xml)
    {
        try
        {
            return FeedReader.ReadFromString(xml).Type switch
            {
                FeedType.Atom => "atom",
                FeedType.Rss_1_0 => "rdf",
                FeedType.Rss or FeedType.Rss_0_91 or FeedType.Rss_0_92 or FeedType.Rss_2_0 or FeedType.MediaRss => "rss",
                _ => null,
            };
        }
#pragma warning disable CA1031 // The library throws bare exceptions on documents it cannot read; "not a feed" is decided after.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>Our own safe reader: whatever is well-formed up to the first error counts.</summary>
    private static ParsedFeed ReadLeniently(string xml, Uri address)
    {
        var (root, error) = XmlRecovery.Read(xml);
        if (root is null)
        {
            throw new FeedParseException(error is null ? "not a feed: no root element" : $"XML error at line {error.LineNumber}: {error.Message}");
        }

        var format = XmlFeedReader.FormatOf(root)
            ?? throw new FeedParseException(root.Name.LocalName.Equals("html", StringComparison.OrdinalIgnoreCase)
                ? "not a feed: the document is HTML"
                : $"not a feed: the root element is <{root.Name.LocalName}>");
        return XmlFeedReader.Read(root, format, XmlFeedReader.ItemsOf(root, format), address);
    }

    private static bool LooksLikeHtml(string xml)
    {
        var head = xml.AsSpan(0, Math.Min(xml.Length, 1024)).TrimStart();
        return head.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
            || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
