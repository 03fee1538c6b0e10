using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>
/// Text statistics of an element, the signals that tell content from furniture. Counted by
/// walking text nodes rather than through TextContent, which would build a string per call.
/// </summary>
internal static class ElementText
{
    /// <summary>Length of the text with runs of whitespace counted as one character.</summary>
    public static int Length(INode node)
    {
        var counter = default(Counter);
        counter.Walk(node, inLink: false);
        return counter.Total;
    }

    /// <summary>Share of the text that sits inside links: high for menus and related lists.</summary>
    public static double LinkDensity(INode node)
    {
        var counter = default(Counter);
        counter.Walk(node, inLink: false);
        return counter.Total == 0 ? 0 : (double)counter.Linked / counter.Total;
    }

    /// <summary>The text with whitespace collapsed and trimmed.</summary>
    public static string Normalized(INode node) =>
        string.Join(' ', node.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private struct Counter
    {
        private bool afterSpace;

        public int Total { get; private set; }

        public int Linked { get; private set; }

        public void Walk(INode node, bool inLink)
        {
            if (node is IText text)
            {
                Count(text.Data, inLink);
                return;
            }

            inLink |= node is IElement { LocalName: "a" };
            for (var child = node.FirstChild; child is not null; child = child.NextSibling)
            {
                if (child.NodeType is NodeType.Element or NodeType.Text)
                {
                    Walk(child, inLink);
                }
            }
        }

        private void Count(string data, bool inLink)
        {
            var before = Total;
            foreach (var c in data)
            {
                if (!char.IsWhiteSpace(c))
                {
                    Total++;
                    afterSpace = false;
                }
                else if (!afterSpace && Total > 0)
                {
                    Total++;
                    afterSpace = true;
                }
            }

            if (inLink)
            {
                Linked += Total - before;
            }
        }
    }
}
