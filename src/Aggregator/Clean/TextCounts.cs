using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>
/// Text length, linked text and commas of every element under a root, counted in one walk so
/// that scoring a page costs one pass instead of one pass per candidate.
/// </summary>
internal sealed class TextCounts
{
    private readonly Dictionary<IElement, Count> counts = [];

    public TextCounts(IElement root) => Walk(root, inLink: false);

    public int Length(IElement element) => counts.GetValueOrDefault(element).Total;

    public int Commas(IElement element) => counts.GetValueOrDefault(element).Commas;

    public double LinkDensity(IElement element)
    {
        var count = counts.GetValueOrDefault(element);
        return count.Total == 0 ? 0 : (double)count.Linked / count.Total;
    }

    private Count Walk(IElement element, bool inLink)
    {
        inLink |= element.LocalName == "a";
        var sum = default(Count);
        for (var child = element.FirstChild; child is not null; child = child.NextSibling)
        {
            if (child is IText text)
            {
                sum += Measure(text.Data, inLink);
            }
            else if (child is IElement inner)
            {
                sum += Walk(inner, inLink);
            }
        }

        counts[element] = sum;
        return sum;
    }

    // Whitespace runs count as one character, as in ElementText.Length.
    private static Count Measure(string data, bool inLink)
    {
        int total = 0, commas = 0;
        var afterSpace = true;
        foreach (var c in data)
        {
            if (!char.IsWhiteSpace(c))
            {
                total++;
                afterSpace = false;
                commas += c is ',' or '，' or '、' ? 1 : 0;
            }
            else if (!afterSpace)
            {
                total++;
                afterSpace = true;
            }
        }

        return new Count(total, inLink ? total : 0, commas);
    }

    private readonly record struct Count(int Total, int Linked, int Commas)
    {
        public static Count operator +(Count a, Count b) =>
            new(a.Total + b.Total, a.Linked + b.Linked, a.Commas + b.Commas);
    }
}
