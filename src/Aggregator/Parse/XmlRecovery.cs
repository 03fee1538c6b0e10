using System.Xml;
using System.Xml.Linq;

namespace Aggregator.Parse;

/// <summary>
/// Reads XML safely (no DTD, no resolver) and, when the document breaks off or goes bad, keeps the tree
/// built up to that point: a truncated or damaged feed still yields the items before the damage.
/// </summary>
internal static class XmlRecovery
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        CheckCharacters = false,
        IgnoreProcessingInstructions = true,
        IgnoreComments = true,
    };

    /// <summary>The document as far as it is well-formed, and the first error (null if there was none).</summary>
    public static (XElement? Root, XmlException? Error) Read(string xml)
    {
        XElement? root = null;
        var open = new Stack<XElement>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings);
            while (reader.Read())
            {
                Append(reader, open, ref root);
            }

            return (root, null);
        }
        catch (XmlException error)
        {
            return (root, error);
        }
    }

    private static void Append(XmlReader reader, Stack<XElement> open, ref XElement? root)
    {
        switch (reader.NodeType)
        {
            case XmlNodeType.Element:
                var element = new XElement(XName.Get(reader.LocalName, reader.NamespaceURI));
                CopyAttributes(reader, element);
                if (open.TryPeek(out var parent))
                {
                    parent.Add(element);
                }
                else
                {
                    root ??= element;
                }

                if (!reader.IsEmptyElement)
                {
                    open.Push(element);
                }

                break;
            case XmlNodeType.EndElement:
                open.TryPop(out _);
                break;
            case XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                AddText(open, new XText(reader.Value));
                break;
            case XmlNodeType.CDATA:
                AddText(open, new XCData(reader.Value));
                break;
        }
    }

    private static void AddText(Stack<XElement> open, XText text)
    {
        if (open.TryPeek(out var parent))
        {
            parent.Add(text);
        }
    }

    private static void CopyAttributes(XmlReader reader, XElement element)
    {
        for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
        {
            var name = reader.Prefix == "xmlns" || (reader.Prefix.Length == 0 && reader.LocalName == "xmlns")
                ? XName.Get(reader.Prefix.Length == 0 ? "xmlns" : reader.LocalName, reader.Prefix.Length == 0 ? string.Empty : XNamespace.Xmlns.NamespaceName)
                : XName.Get(reader.LocalName, reader.NamespaceURI);
            element.SetAttributeValue(name, reader.Value);
        }

        reader.MoveToElement();
    }
}
