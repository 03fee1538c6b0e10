using AngleSharp.Dom;

namespace Aggregator.Clean;

/// <summary>
/// An operator's rule for one site, for the pages no generic method gets right (the way
/// Miniflux's scraper rules and FreshRSS's selectors work).
/// </summary>
/// <param name="Host">The site's host; it also covers its subdomains.</param>
/// <param name="Content">CSS selector of the article; its matches, in page order, are the content.</param>
/// <param name="Remove">CSS selectors of parts to drop before anything else runs.</param>
internal sealed record SiteRule(string Host, string? Content, IReadOnlyList<string> Remove);

/// <summary>The operators' site rules, looked up by the host of a page or feed entry.</summary>
internal sealed class SiteRules(IReadOnlyList<SiteRule> rules)
{
    public static readonly SiteRules None = new([]);

    public IReadOnlyList<SiteRule> All => rules;

    /// <summary>The rule of the most specific host that covers <paramref name="url"/>'s host, if any.</summary>
    public SiteRule? For(Uri? url)
    {
        if (url is null || !url.IsAbsoluteUri || rules.Count == 0)
        {
            return null;
        }

        var host = url.IdnHost.TrimEnd('.');
        return rules
            .Where(r => host.Equals(r.Host, StringComparison.OrdinalIgnoreCase)
                || host.EndsWith("." + r.Host, StringComparison.OrdinalIgnoreCase))
            .MaxBy(r => r.Host.Length);
    }

    /// <summary>
    /// Drops the rule's parts from <paramref name="root"/> and returns the rule's content
    /// element: the only match, or the matches gathered in page order; null when nothing matches,
    /// so that the generic locator takes over.
    /// </summary>
    public static IElement? Apply(SiteRule rule, IElement root)
    {
        foreach (var selector in rule.Remove)
        {
            foreach (var element in root.QuerySelectorAll(selector).ToList())
            {
                element.Remove();
            }
        }

        if (rule.Content is null)
        {
            return null;
        }

        // Nested matches would be taken twice: keep the outermost ones.
        var matches = root.QuerySelectorAll(rule.Content).ToList();
        var outermost = matches.Where(m => !matches.Any(other => other != m && other.Contains(m))).ToList();
        if (outermost.Count <= 1)
        {
            return outermost.FirstOrDefault();
        }

        var gathered = root.Owner!.CreateElement("div");
        foreach (var match in outermost)
        {
            gathered.AppendChild(match);
        }

        return gathered;
    }
}
