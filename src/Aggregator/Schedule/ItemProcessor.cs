using System.Security.Cryptography;
using System.Text.Json;
using Aggregator.Clean;
using Aggregator.Fetch;
using Aggregator.Parse;
using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Schedule;

/// <summary>
/// Turns one feed entry into a stored item: cleans the feed's HTML, fetches and extracts the
/// article page when the source's full-page mode says so, and fills metadata the feed lacks.
/// </summary>
internal sealed class ItemProcessor(FeedFetcher fetcher, ArticleExtractor extractor, IOptions<AggregatorOptions> options)
{
    private const int SummaryLength = 300;

    public async Task<ItemDraft> ProcessAsync(
        ParsedItem entry, string entryHash, Uri feedUrl, CancellationToken ct, FullPageMode fullPage = FullPageMode.Auto)
    {
        var link = AbsoluteOrNull(entry.Link);
        var (article, summary) = await CleanAsync(entry.Summary, entry.Content, link, feedUrl, fullPage, ct);
        return new ItemDraft(
            entry.Key,
            entry.Id,
            entry.Link,
            entry.Title ?? article?.Title,
            entry.Authors.Select(a => a.Name).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? article?.Author,
            entry.Published ?? article?.Published ?? entry.Updated,
            entry.Updated,
            summary,
            article?.Html,
            article?.Text,
            entry.Categories,
            [.. entry.Enclosures.Select(e => new StoredEnclosure(e.Url, e.Type, e.Length))],
            entryHash)
        {
            FeedSummary = entry.Summary,
            FeedContent = entry.Content,
        };
    }

    /// <summary>
    /// Processes an entry under its source's keep/block rules: they read the feed's entry first, so a
    /// blocked entry costs no page fetch, then the cleaned item, whose text may come from the page.
    /// Returns the draft, or null and which rule dropped it.
    /// </summary>
    public async Task<(ItemDraft? Draft, string? DroppedBy)> ProcessAsync(
        ParsedItem entry, string entryHash, Uri feedUrl, FullPageMode fullPage, SourceFilter filter, CancellationToken ct)
    {
        var before = filter.IsEmpty ? default : filter.Match(new FilterSubject(
            entry.Title, filter.ReadsText ? FeedText(entry) : null, entry.Authors.Select(a => a.Name).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)), entry.Link));
        if (before.BlockedBy is { } blockedBefore)
        {
            return (null, $"{blockedBefore} (block) on the feed's entry");
        }

        var draft = await ProcessAsync(entry, entryHash, feedUrl, ct, fullPage);
        if (filter.IsEmpty)
        {
            return (draft, null);
        }

        var after = filter.Match(new FilterSubject(draft.Title, draft.ContentText ?? draft.Summary, draft.Author, draft.Url));
        return after.BlockedBy is { } blocked ? (null, $"{blocked} (block) on the cleaned item")
            : filter.HasKeepRules && before.KeptBy is null && after.KeptBy is null ? (null, "no keep rule matched")
            : (draft, null);
    }

    /// <summary>
    /// Cleans an entry's feed HTML and, when <paramref name="mode"/> says so, reads the article from
    /// its page instead. Returns the article (null if there is none) and the one-line summary.
    /// </summary>
    public async Task<(ExtractedArticle? Article, string? Summary)> CleanAsync(
        string? summaryHtml, string? contentHtml, Uri? link, Uri feedUrl, FullPageMode mode, CancellationToken ct)
    {
        var feedHtml = contentHtml ?? summaryHtml;
        var fromFeed = feedHtml is null ? null : extractor.CleanFragment(feedHtml, link ?? feedUrl);
        var article = fromFeed;
        if (link is not null && ShouldFetchPage(mode, summaryHtml, contentHtml))
        {
            // "always" trusts the page over the feed; "auto" takes it only when it says more.
            var page = await ExtractPageAsync(link, ct);
            if (page is not null && page.Text.Length > (mode == FullPageMode.Always ? 0 : article?.Text.Length ?? 0))
            {
                article = page;
            }
        }

        // The summary's text comes from the cleaning above when the summary was the feed's HTML; beside
        // content it is only stripped of tags: cleaning a second fragment cost a whole parse and sanitize
        // per entry, half of a refresh's CPU, for a one-line plain-text field.
        var summaryText = contentHtml is null ? fromFeed?.Text : XmlText.PlainFromHtml(summaryHtml);
        return (article, Shorten(string.IsNullOrWhiteSpace(summaryText) ? article?.Text : summaryText));
    }

    /// <summary>Parses an item's link; null when it is missing or not absolute.</summary>
    public static Uri? AbsoluteOrNull(string? link) =>
        link is not null && Uri.TryCreate(link, UriKind.Absolute, out var url) ? url : null;

    // Aggregator:FetchFullArticles=false switches "auto" off; "always" is an operator's explicit choice.
    private bool ShouldFetchPage(FullPageMode mode, string? summaryHtml, string? contentHtml) => mode switch
    {
        FullPageMode.Always => true,
        FullPageMode.Never => false,
        _ => options.Value.FetchFullArticles && ArticleExtractor.LooksTruncated(summaryHtml, contentHtml),
    };

    /// <summary>A hash of the entry as the feed gave it: equal hashes mean nothing to redo.</summary>
    public static string HashOf(ParsedItem entry) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(entry)));

    private async Task<ExtractedArticle?> ExtractPageAsync(Uri link, CancellationToken ct)
    {
        var result = await fetcher.FetchAsync(link, FetchValidators.None, ct);
        if (result is not FetchResult.Fetched page || !BodyText.IsHtml(page.ContentType, page.Body))
        {
            return null;
        }

        return extractor.ExtractPage(BodyText.Decode(page.Body, page.ContentType), page.FinalUrl);
    }

    private static string FeedText(ParsedItem entry) =>
        $"{XmlText.PlainFromHtml(entry.Summary)}\n{XmlText.PlainFromHtml(entry.Content)}";

    private static string? Shorten(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var flat = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= SummaryLength ? flat : string.Concat(flat.AsSpan(0, flat.LastIndexOf(' ', SummaryLength) is > 0 and var cut ? cut : SummaryLength), "…");
    }
}
