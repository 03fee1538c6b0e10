using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Aggregator.Clean;

/// <summary>
/// Turns an article page or a feed entry's HTML into the article alone: metadata, plain text and
/// sanitized HTML, with the operators' site rules applied first. Thread-safe: every call parses
/// its own document.
/// </summary>
internal sealed class ArticleExtractor(ArticleSanitizer sanitizer, SiteRules rules)
{
    // A feed summary shorter than this is a teaser rather than the article.
    private const int TeaserLength = 500;

    private static readonly string[] TruncationMarks =
    [
        "[…]", "[...]", "…", "...", "(more…)", "(more...)", "read more", "continue reading",
        "read the full article", "read the full story", "read full story", "read the rest",
        "weiterlesen", "mehr lesen", "lire la suite", "leer más", "seguir leyendo", "continua a leggere",
        "leia mais", "lees verder", "czytaj dalej",
    ];

    // A parser builds its browsing context once; making one per page cost more than a tenth of
    // the parse. One per thread, because AngleSharp does not promise parsers are thread-safe.
    private static readonly ThreadLocal<HtmlParser> Parsers = new(() => new HtmlParser());

    public ArticleExtractor()
        : this(new ArticleSanitizer(), SiteRules.None)
    {
    }

    /// <summary>The same extractor with other site rules, to try a rules file before saving it.</summary>
    public ArticleExtractor WithRules(SiteRules other) => new(sanitizer, other);

    /// <summary>Extracts the main article of a whole page.</summary>
    /// <param name="pageUrl">The page's address, for resolving relative links; null if unknown.</param>
    public ExtractedArticle ExtractPage(string html, Uri? pageUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = Parse(html);
        var metadata = PageMetadata.Read(document);
        var rule = rules.For(pageUrl);
        var content = (rule is null ? null : SiteRules.Apply(rule, document.DocumentElement)) ?? ContentLocator.Locate(document);
        var article = Finish(content, BaseUrl(document, pageUrl), metadata.Title);
        return article with { Title = metadata.Title, Author = metadata.Author, Published = metadata.Published };
    }

    /// <summary>Cleans HTML that a feed gave as an entry's body (RSS content:encoded, Atom content).</summary>
    /// <param name="baseUrl">The entry's link or the feed's address, for resolving relative links.</param>
    public ExtractedArticle CleanFragment(string html, Uri? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = Parse("<!DOCTYPE html><html><head></head><body>" + html + "</body></html>");
        var rule = rules.For(baseUrl);
        var content = (rule is null ? null : SiteRules.Apply(rule, document.Body!)) ?? document.Body!;
        return Finish(content, baseUrl, title: null);
    }

    /// <summary>
    /// True when a feed entry carries only a teaser, so the full article must come from its page:
    /// no content and a short summary, or a text that ends with "[…]", "Read more" and the like.
    /// </summary>
    public static bool LooksTruncated(string? summaryHtml, string? contentHtml)
    {
        var content = PlainText(contentHtml);
        var text = content.Length > 0 ? content : PlainText(summaryHtml);
        if (text.Length == 0)
        {
            return true;
        }

        var tail = text.TrimEnd(' ', '»', '›', '→', '>', '\u00a0');
        var marked = TruncationMarks.Any(mark => tail.EndsWith(mark, StringComparison.OrdinalIgnoreCase));
        return marked || (content.Length == 0 && text.Length < TeaserLength);
    }

    private ExtractedArticle Finish(IElement content, Uri? baseUrl, string? title)
    {
        BoilerplateFilter.Clean(content);
        LinkRewriter.Rewrite(content, baseUrl);
        MarkupTidy.Tidy(content, title);
        var text = ArticleText.From(content);
        var html = sanitizer.Sanitize(content.InnerHtml, baseUrl);
        return new ExtractedArticle(null, null, null, text, html);
    }

    private static IDocument Parse(string html) => Parsers.Value!.ParseDocument(html);

    // A <base href> overrides the page's own address for relative links.
    private static Uri? BaseUrl(IDocument document, Uri? pageUrl)
    {
        var declared = document.QuerySelector("base[href]")?.GetAttribute("href");
        if (declared is null)
        {
            return pageUrl;
        }

        return pageUrl is not null
            ? Uri.TryCreate(pageUrl, declared, out var resolved) ? resolved : pageUrl
            : Uri.TryCreate(declared, UriKind.Absolute, out var absolute) ? absolute : null;
    }

    private static string PlainText(string? html) =>
        string.IsNullOrWhiteSpace(html) ? string.Empty : ElementText.Normalized(Parse(html).Body!);
}
