using System.Xml;
using System.Xml.Linq;
using CodeHollow.FeedReader;

namespace Aggregator.Parse;

/// <summary>
/// Bytes and address in, <see cref="ParsedFeed"/> out. CodeHollow.FeedReader reads the XML; around it we
/// decode, make the XML safe, repair it before giving up, and read every field namespace-aware ourselves.
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

    /// <summary>The library's reading, or null when the XML is not well-formed (so that we repair and retry).</summary>
    private static ParsedFeed? ReadWithLibrary(string xml, Uri address)
    {
        Feed feed;
        try
        {
            feed = FeedReader.ReadFromString(xml);
        }
        catch (XmlException)
        {
            return null;
        }
#pragma warning disable CA1031 // The library throws NullReference/bare Exception on odd but readable documents; we read those ourselves.
        catch (Exception)
#pragma warning restore CA1031
        {
            return ReadLeniently(xml, address);
        }

        var root = feed.SpecificFeed?.Element?.Document?.Root;
        var format = root is null ? null : XmlFeedReader.FormatOf(root);
        if (root is null || format is null)
        {
            return ReadLeniently(xml, address);
        }

        var items = feed.SpecificFeed!.Items.Select(i => i.Element).OfType<XElement>();
        return XmlFeedReader.Read(root, format, items, address);
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
