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
/// article page when the feed carries only a summary, and fills metadata the feed lacks.
/// </summary>
internal sealed class ItemProcessor(FeedFetcher fetcher, ArticleExtractor extractor, IOptions<AggregatorOptions> options)
{
    private const int SummaryLength = 300;

    public async Task<ItemDraft> ProcessAsync(ParsedItem entry, string entryHash, Uri feedUrl, CancellationToken ct)
    {
        var link = entry.Link is { } l && Uri.TryCreate(l, UriKind.Absolute, out var u) ? u : null;
        var feedHtml = entry.Content ?? entry.Summary;
        var article = feedHtml is null ? null : extractor.CleanFragment(feedHtml, link ?? feedUrl);
        if (options.Value.FetchFullArticles && link is not null && ArticleExtractor.LooksTruncated(entry.Summary, entry.Content))
        {
            var page = await ExtractPageAsync(link, ct);
            if (page is not null && page.Text.Length > (article?.Text.Length ?? 0))
            {
                article = page;
            }
        }

        var summaryText = entry.Summary is null ? null : extractor.CleanFragment(entry.Summary, link ?? feedUrl).Text;
        return new ItemDraft(
            entry.Key,
            entry.Id,
            entry.Link,
            entry.Title ?? article?.Title,
            entry.Authors.Select(a => a.Name).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? article?.Author,
            entry.Published ?? article?.Published ?? entry.Updated,
            entry.Updated,
            Shorten(string.IsNullOrWhiteSpace(summaryText) ? article?.Text : summaryText),
            article?.Html,
            article?.Text,
            entry.Categories,
            [.. entry.Enclosures.Select(e => new StoredEnclosure(e.Url, e.Type, e.Length))],
            entryHash);
    }

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
