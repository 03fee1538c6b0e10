using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>
/// Removes what surrounds an article inside its container: code, controls, hidden parts, page
/// regions, furniture named by class or id, captions, link lists and boilerplate phrases.
/// Generic by design: it reads structure, vocabulary and text statistics, never one site's names.
/// </summary>
internal static partial class BoilerplateFilter
{
    private const string Code =
        "script, style, noscript, template, iframe, frame, object, embed, applet, svg, canvas, "
        + "link, meta, input, button, select, textarea, label, dialog, audio, video, source, map";

    private static readonly HashSet<string> Regions = new(StringComparer.Ordinal)
    {
        "nav", "aside", "header", "footer", "form", "menu",
    };

    private static readonly HashSet<string> FurnitureRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "complementary", "banner", "contentinfo", "search", "dialog", "alert",
        "alertdialog", "menu", "menubar", "toolbar", "form",
    };

    /// <summary>Removes boilerplate from <paramref name="root"/>, in place.</summary>
    public static void Clean(IElement root)
    {
        foreach (var element in root.QuerySelectorAll(Code))
        {
            element.Remove();
        }

        var total = ElementText.Length(root);
        foreach (var element in root.Descendants<IElement>().ToList())
        {
            if (IsHidden(element) || IsFurniture(element, total) || IsCaption(element) || IsAdSlot(element))
            {
                element.Remove();
            }
        }

        BoilerplatePhrases.Remove(root);
        RemoveLinkLists(root);
    }

    private static bool IsFurniture(IElement element, int total)
    {
        var named = Regions.Contains(element.LocalName)
            || FurnitureRoles.Contains(element.GetAttribute("role") ?? string.Empty)
            || Vocabulary.SaysFurniture(element);
        if (!named)
        {
            return false;
        }

        // A wrapper that holds most of the text is the article itself, however it is named
        // (whole pages wrapped in a <form>, a "has-sidebar" layout div).
        var length = ElementText.Length(element);
        return length < 200 || length <= total / 2;
    }

    private static bool IsHidden(IElement element)
    {
        if (element.HasAttribute("hidden")
            || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var style = element.GetAttribute("style");
        return style is not null && HiddenStyle().IsMatch(style);
    }

    // Captions and credits go; the image they describe stays.
    private static bool IsCaption(IElement element) =>
        (element.LocalName == "figcaption" || Vocabulary.SaysCaption(element))
        && element.QuerySelector("img, picture") is null;

    // <ins> is also the "inserted text" element: only empty ones and named ad slots go.
    private static bool IsAdSlot(IElement element) =>
        element.LocalName == "ins"
        && (ElementText.Length(element) == 0 || element.Attributes.Any(a => a.Name.StartsWith("data-ad", StringComparison.Ordinal)));

    // Lists and boxes made mostly of links are menus, tag clouds and related-article teasers.
    private static void RemoveLinkLists(IElement root)
    {
        var boxes = root.QuerySelectorAll("ul, ol, dl, div, section, table").Reverse().ToList();
        foreach (var box in boxes)
        {
            var length = ElementText.Length(box);
            if (length == 0 || box.QuerySelector("img, picture") is not null && length < 20)
            {
                continue;
            }

            var density = ElementText.LinkDensity(box);
            var threshold = box.LocalName is "ul" or "ol" or "dl" ? 0.6 : 0.5;
            if (density > threshold && CountParagraphs(box) < 2)
            {
                box.Remove();
            }
        }
    }

    private static int CountParagraphs(IElement box) =>
        box.QuerySelectorAll("p").Count(p => ElementText.Length(p) >= 80 && ElementText.LinkDensity(p) < 0.3);

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();
}
