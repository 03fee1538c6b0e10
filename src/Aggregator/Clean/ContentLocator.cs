using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>
/// Finds the element that holds a page's article: schema.org articleBody when the page marks
/// it, otherwise a Readability-like score. Paragraphs score by length and commas and pass their
/// score up to their ancestors; class/id vocabulary and tags weigh the ancestors; link density
/// scales them down. Siblings that score well (split bodies) are gathered with the winner.
/// </summary>
internal static class ContentLocator
{
    private const int EnoughText = 250;
    private static readonly HashSet<string> Paragraphs = new(StringComparer.Ordinal)
    {
        "p", "pre", "td", "div", "section", "blockquote", "li",
    };

    /// <summary>Returns the article's element; the page's body when nothing scores.</summary>
    public static IElement Locate(IDocument document)
    {
        var body = document.Body ?? document.DocumentElement;
        var marked = MarkedBody(body);
        if (marked is not null)
        {
            return marked;
        }

        // Skipping furniture-named regions fails on pages whose wrappers carry such names;
        // a second pass without that rule rescues them, as Readability does.
        var text = new TextCounts(body);
        var found = Best(body, new CandidateScores(text, skipUnlikely: true));
        if (found is null || ElementText.Length(found) < EnoughText)
        {
            found = Best(body, new CandidateScores(text, skipUnlikely: false)) ?? found;
        }

        return found ?? body;
    }

    private static IElement? MarkedBody(IElement body) =>
        body.Descendants<IElement>()
            .Where(e => string.Equals(e.GetAttribute("itemprop"), "articleBody", StringComparison.OrdinalIgnoreCase))
            .Where(e => ElementText.Length(e) >= EnoughText)
            .MaxBy(ElementText.Length);

    private static IElement? Best(IElement body, CandidateScores scores)
    {
        // A plain walk: a selector list over a whole page costs several times more.
        foreach (var block in body.Descendants<IElement>())
        {
            if (Paragraphs.Contains(block.LocalName))
            {
                scores.AddParagraph(block);
            }
        }

        var top = scores.Top();
        if (top is null)
        {
            return null;
        }

        top = SharedAncestor(top, scores) ?? ClimbWhileParentScoresHigher(top, scores);
        return WithSiblings(top, scores);
    }

    // Several near-equal candidates under one ancestor are pieces of one body.
    private static IElement? SharedAncestor(IElement top, CandidateScores scores)
    {
        var best = scores.Score(top);
        var rivals = scores.Ranked().Skip(1).Take(4).Where(c => scores.Score(c) >= best * 0.75).ToList();
        if (rivals.Count < 3)
        {
            return null;
        }

        for (var parent = top.ParentElement; parent is not null && parent.LocalName != "body"; parent = parent.ParentElement)
        {
            if (rivals.Count(parent.Contains) >= 3)
            {
                return parent;
            }
        }

        return null;
    }

    private static IElement ClimbWhileParentScoresHigher(IElement top, CandidateScores scores)
    {
        var last = scores.Score(top);
        var threshold = last / 3;
        for (var parent = top.ParentElement; parent is not null && parent.LocalName != "body"; parent = parent.ParentElement)
        {
            if (!scores.Has(parent))
            {
                continue;
            }

            var score = scores.Score(parent);
            if (score < threshold)
            {
                break;
            }

            if (score > last)
            {
                return parent;
            }

            last = score;
        }

        return top;
    }

    private static IElement WithSiblings(IElement top, CandidateScores scores)
    {
        if (top.ParentElement is not { } parent || top.LocalName == "body")
        {
            return top;
        }

        var threshold = Math.Max(10, scores.Score(top) * 0.2);
        var included = parent.Children.Where(s => s == top || BelongsWithTop(s, top, scores, threshold)).ToList();
        if (included.Count == 1)
        {
            return top;
        }

        var gathered = top.Owner!.CreateElement("div");
        foreach (var sibling in included)
        {
            gathered.AppendChild(sibling);
        }

        return gathered;
    }

    private static bool BelongsWithTop(IElement sibling, IElement top, CandidateScores scores, double threshold)
    {
        var bonus = !string.IsNullOrEmpty(top.ClassName) && sibling.ClassName == top.ClassName ? scores.Score(top) * 0.2 : 0;
        if (scores.Has(sibling) && scores.Score(sibling) + bonus >= threshold)
        {
            return true;
        }

        if (sibling.LocalName != "p")
        {
            return false;
        }

        var length = ElementText.Length(sibling);
        var density = ElementText.LinkDensity(sibling);
        return (length > 80 && density < 0.25)
            || (length > 0 && density == 0 && ElementText.Normalized(sibling).EndsWith('.'));
    }
}
