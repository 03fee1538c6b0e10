using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>
/// Leaves the cleaned article in a shape that survives the sanitizer: the repeated title goes,
/// h1 becomes h2, empty wrappers go, and text-only divs become paragraphs so that unwrapping
/// the divs cannot glue two blocks into one line.
/// </summary>
internal static class MarkupTidy
{
    private const string Kept = "img, picture, table, hr, br, pre, code";

    /// <summary>Tidies <paramref name="root"/> in place; <paramref name="title"/> is the page title if known.</summary>
    public static void Tidy(IElement root, string? title)
    {
        RemoveTitleHeading(root, title);
        foreach (var heading in root.QuerySelectorAll("h1").ToList())
        {
            Rename(heading, "h2");
        }

        foreach (var element in root.QuerySelectorAll("div, section, article, main, span, p, li, figure, blockquote").Reverse().ToList())
        {
            if (ElementText.Length(element) == 0 && element.QuerySelector(Kept) is null)
            {
                element.Remove();
            }
        }

        foreach (var division in root.QuerySelectorAll("div").Reverse().ToList())
        {
            if (!division.Children.Any(ArticleText.IsBlock))
            {
                Rename(division, "p");
            }
        }
    }

    // The body never repeats its headline: readers see the title beside it already.
    private static void RemoveTitleHeading(IElement root, string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return;
        }

        foreach (var heading in root.QuerySelectorAll("h1, h2").Take(2).ToList())
        {
            if (IsSameTitle(ElementText.Normalized(heading), title))
            {
                heading.Remove();
            }
        }
    }

    // Headlines and og:title often differ by a site suffix or a kicker, so containment counts.
    private static bool IsSameTitle(string heading, string title) =>
        heading.Length > 0
        && (string.Equals(heading, title, StringComparison.OrdinalIgnoreCase)
            || (heading.Length >= 15 && title.Contains(heading, StringComparison.OrdinalIgnoreCase))
            || (title.Length >= 15 && heading.Contains(title, StringComparison.OrdinalIgnoreCase)));

    private static void Rename(IElement element, string name)
    {
        var replacement = element.Owner!.CreateElement(name);
        while (element.FirstChild is { } child)
        {
            replacement.AppendChild(child);
        }

        element.Replace(replacement);
    }
}
