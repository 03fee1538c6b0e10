using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Aggregator.Parse;

/// <summary>Namespace-aware reading of feed elements: children, text constructs, links against xml:base.</summary>
internal static partial class XmlText
{
    public static XElement? Core(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && FeedNamespaces.IsRssCore(e.Name.Namespace));

    public static XElement? AtomChild(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && FeedNamespaces.IsAtom(e.Name.Namespace));

    public static IEnumerable<XElement> AtomChildren(XElement parent, string localName) =>
        parent.Elements().Where(e => e.Name.LocalName == localName && FeedNamespaces.IsAtom(e.Name.Namespace));

    /// <summary>An iTunes element; its namespace URI is written with varying case in the wild.</summary>
    public static XElement? Itunes(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName
            && e.Name.NamespaceName.Equals(FeedNamespaces.Itunes.NamespaceName, StringComparison.OrdinalIgnoreCase));

    public static string? Value(XElement? element) => NullIfBlank(element?.Value);

    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The base an element's relative links resolve against: its xml:base chain over the feed's address.</summary>
    public static Uri BaseOf(XElement element, Uri address)
    {
        var bases = element.AncestorsAndSelf()
            .Select(e => e.Attribute(XNamespace.Xml + "base")?.Value)
            .OfType<string>()
            .Reverse();
        var result = address;
        foreach (var value in bases)
        {
            if (Uri.TryCreate(result, value.Trim(), out var resolved))
            {
                result = resolved;
            }
        }

        return result;
    }

    /// <summary>An absolute http(s) or other URL for <paramref name="href"/>, or null if it is empty or unusable.</summary>
    public static string? Absolute(string? href, XElement context, Uri address)
    {
        var text = NullIfBlank(href);
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && !absolute.IsFile)
        {
            return absolute.AbsoluteUri;
        }

        return Uri.TryCreate(BaseOf(context, address), text, out var resolved) ? resolved.AbsoluteUri : text;
    }

    /// <summary>
    /// An Atom text construct (or RSS element) as HTML: html is kept as given, xhtml is the inner markup,
    /// plain text is escaped, Atom 0.3 base64 is decoded.
    /// </summary>
    public static string? Html(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var type = (element.Attribute("type")?.Value ?? "html").Trim().ToLowerInvariant();
        var mode = element.Attribute("mode")?.Value.Trim().ToLowerInvariant();
        if (mode == "base64" || (mode is null && IsBinaryType(type)))
        {
            return NullIfBlank(DecodeBase64(element.Value));
        }

        if (element.HasElements && type != "text")
        {
            var children = element.Elements().Take(2).ToList();
            var container = children is [{ Name.LocalName: "div" } div] ? div : element;
            if (type is "html" or "text/html" && !container.HasElements)
            {
                return NullIfBlank(container.Value); // escaped HTML wrapped in a div (TypePad and others)
            }

            var inner = string.Concat(container.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
            return NullIfBlank(XhtmlNamespaceDeclaration().Replace(inner, string.Empty));
        }

        // Only HTML (RSS's default) and Atom 0.3's escaped mode carry markup as text; any other text is literal.
        var value = NullIfBlank(element.Value);
        return type is "html" or "text/html" || mode == "escaped" ? value : WebUtility.HtmlEncode(value);
    }

    /// <summary>Atom 1.0: a content type that is neither text nor XML carries base64.</summary>
    private static bool IsBinaryType(string type) =>
        type.Contains('/', StringComparison.Ordinal) && !type.StartsWith("text/", StringComparison.Ordinal)
        && !type.EndsWith("xml", StringComparison.Ordinal) && !type.EndsWith("json", StringComparison.Ordinal);

    /// <summary>A text field (title, name, category) as plain text with entities decoded.</summary>
    public static string? Plain(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var type = element.Attribute("type")?.Value.Trim().ToLowerInvariant();
        if (type is "text" or "text/plain" && !element.HasElements && element.Attribute("mode") is null)
        {
            return NullIfBlank(Whitespace().Replace(element.Value, " "));
        }

        // Inline markup: its text is already decoded, so it must not be read as HTML a second time.
        return element.HasElements ? NullIfBlank(Whitespace().Replace(element.Value, " ")) : PlainFromHtml(Html(element));
    }

    /// <summary>Strips tags only when the text has markup, and decodes entities once.</summary>
    public static string? PlainFromHtml(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        var text = html.Contains('<', StringComparison.Ordinal) ? Tag().Replace(html, string.Empty) : html;
        text = text.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(text) : text;
        return NullIfBlank(Whitespace().Replace(text, " "));
    }

    private static string? DecodeBase64(string value)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value.Trim()));
        }
        catch (FormatException)
        {
            return value;
        }
    }

    [GeneratedRegex("""<(?:[A-Za-z!/?][^>]*)>""")]
    private static partial Regex Tag();

    [GeneratedRegex("""\s+""")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s+xmlns(?::\w+)?=""http://www\.w3\.org/1999/xhtml""")]
    private static partial Regex XhtmlNamespaceDeclaration();
}
