using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>Text statistics of an element, the signals that tell content from furniture.</summary>
internal static class ElementText
{
    /// <summary>Length of the text with runs of whitespace counted as one character.</summary>
    public static int Length(INode node) => Measure(node.TextContent);

    /// <summary>Share of the text that sits inside links: high for menus and related lists.</summary>
    public static double LinkDensity(IElement element)
    {
        var total = Length(element);
        if (total == 0)
        {
            return 0;
        }

        var linked = 0;
        foreach (var link in element.GetElementsByTagName("a"))
        {
            linked += Length(link);
        }

        return Math.Min(1, (double)linked / total);
    }

    /// <summary>The text with whitespace collapsed and trimmed.</summary>
    public static string Normalized(INode node) =>
        string.Join(' ', node.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static int Measure(string text)
    {
        var count = 0;
        var inSpace = true;
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                count++;
                inSpace = false;
            }
            else if (!inSpace)
            {
                count++;
                inSpace = true;
            }
        }

        return count;
    }
}
