using System.Xml.Linq;

namespace Aggregator.Parse;

/// <summary>The XML namespaces feeds use; elements are matched by namespace, never by prefix.</summary>
internal static class FeedNamespaces
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Atom03 = "http://purl.org/atom/ns#";
    public static readonly XNamespace Rss10 = "http://purl.org/rss/1.0/";
    public static readonly XNamespace Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";
    public static readonly XNamespace DublinCoreTerms = "http://purl.org/dc/terms/";
    public static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    public static readonly XNamespace Media = "http://search.yahoo.com/mrss/";
    public static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    public static readonly XNamespace Syndication = "http://purl.org/rss/1.0/modules/syndication/";
    public static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>RSS core elements live in no namespace (0.9x, 2.0) or in the RSS 1.0 / 0.90 namespace.</summary>
    public static bool IsRssCore(XNamespace ns) => ns == XNamespace.None || ns == Rss10 || ns == Rss090;

    public static bool IsAtom(XNamespace ns) => ns == Atom || ns == Atom03;
}
