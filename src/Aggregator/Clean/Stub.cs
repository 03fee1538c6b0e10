// TEMPORARY stand-in until the clean branch lands; deleted at merge.
#pragma warning disable CA1822 // stand-in
namespace Aggregator.Clean;

internal sealed class ArticleExtractor
{
    public ExtractedArticle ExtractPage(string html, Uri? pageUrl) => new(null, null, null, html, html + pageUrl);

    public ExtractedArticle CleanFragment(string html, Uri? baseUrl) => new(null, null, null, html, html + baseUrl);

    public static bool LooksTruncated(string? summaryHtml, string? contentHtml) => contentHtml is null && summaryHtml is not null;
}
