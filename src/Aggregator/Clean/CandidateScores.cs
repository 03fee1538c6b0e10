using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>Scores of the elements that may hold an article, fed paragraph by paragraph.</summary>
internal sealed class CandidateScores(TextCounts text, bool skipUnlikely)
{
    private const int MinimumParagraph = 25;
    private const int Levels = 5;

    private readonly Dictionary<IElement, double> scores = [];
    private readonly Dictionary<IElement, bool> unlikely = [];
    private Dictionary<IElement, double>? final;

    /// <summary>Credits a paragraph-like block to its ancestors.</summary>
    public void AddParagraph(IElement block)
    {
        if (block.LocalName is "div" or "section" or "li" or "td" or "blockquote" && HasBlockChild(block))
        {
            return; // a container, not a paragraph: its own paragraphs are counted
        }

        var length = text.Length(block);
        if (length < MinimumParagraph || (skipUnlikely && InUnlikelyRegion(block)))
        {
            return;
        }

        var points = 1 + text.Commas(block) + Math.Min(length / 100, 3);
        var level = 0;
        for (var ancestor = block.ParentElement; ancestor is not null && level < Levels; ancestor = ancestor.ParentElement, level++)
        {
            if (!scores.ContainsKey(ancestor))
            {
                scores[ancestor] = InitialScore(ancestor);
            }

            scores[ancestor] += points / (level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0);
        }
    }

    public bool Has(IElement element) => scores.ContainsKey(element);

    /// <summary>The score scaled by the share of text outside links.</summary>
    public double Score(IElement element) => Final().GetValueOrDefault(element);

    public IEnumerable<IElement> Ranked() => Final().OrderByDescending(p => p.Value).Select(p => p.Key);

    public IElement? Top() => Ranked().FirstOrDefault();

    private Dictionary<IElement, double> Final() =>
        final ??= scores.ToDictionary(p => p.Key, p => p.Value * (1 - text.LinkDensity(p.Key)));

    private static bool HasBlockChild(IElement element)
    {
        for (var child = element.FirstElementChild; child is not null; child = child.NextElementSibling)
        {
            if (ArticleText.IsBlock(child))
            {
                return true;
            }
        }

        return false;
    }

    private static double InitialScore(IElement element)
    {
        var score = element.LocalName switch
        {
            "article" => 10,
            "div" or "main" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        score += Vocabulary.SaysContent(element) ? 25 : 0;
        score -= Vocabulary.SaysFurniture(element) ? 25 : 0;
        return score;
    }

    private bool InUnlikelyRegion(IElement block)
    {
        for (var element = block; element is not null && element.LocalName != "body"; element = element.ParentElement)
        {
            if (!unlikely.TryGetValue(element, out var isUnlikely))
            {
                isUnlikely = IsUnlikely(element);
                unlikely[element] = isUnlikely;
            }

            if (isUnlikely)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnlikely(IElement element)
    {
        var furniture = element.LocalName is "nav" or "aside" or "footer" or "header"
            || (Vocabulary.SaysFurniture(element) && !Vocabulary.SaysContent(element));
        return furniture && element.QuerySelector("article, main, h1, [itemprop=articleBody]") is null;
    }
}
