using Aggregator.Store;

namespace Aggregator.Schedule;

/// <summary>
/// Cleans a source's stored items again, after its site rules (or the extractor) changed: the
/// feed's HTML kept with each item is cleaned anew, and pages are fetched again where the
/// source's full-page mode says so. Titles, dates and keys stay as they are.
/// </summary>
internal sealed class ItemReprocessor(SourceStore sources, ItemContentStore contents, ItemProcessor processor)
{
    /// <summary>How many items a source has and how many of them changed.</summary>
    public sealed record Result(long SourceId, int Items, int Changed);

    /// <summary>Reprocesses every item of a source; null when there is no such source.</summary>
    public async Task<Result?> ReprocessAsync(long sourceId, CancellationToken ct)
    {
        var source = await sources.GetAsync(sourceId, ct);
        if (source is null)
        {
            return null;
        }

        var entries = await contents.ListAsync(sourceId, ct);
        var updates = new List<(StoredEntry, ContentUpdate)>();
        foreach (var entry in entries)
        {
            updates.Add((entry, await CleanAgainAsync(source, entry, ct)));
        }

        return new Result(sourceId, entries.Count, await contents.UpdateAsync(updates, ct));
    }

    private async Task<ContentUpdate> CleanAgainAsync(Source source, StoredEntry entry, CancellationToken ct)
    {
        // Items stored before the feed's HTML was kept (migration 005): their cleaned HTML is the
        // best input left, and cleaning is idempotent on it, so new remove rules still apply.
        var (summaryHtml, contentHtml) = entry.FeedSummary is null && entry.FeedContent is null
            ? (null, entry.ContentHtml)
            : (entry.FeedSummary, entry.FeedContent);
        var (article, summary) = await processor.CleanAsync(
            summaryHtml, contentHtml, ItemProcessor.AbsoluteOrNull(entry.Url), new Uri(source.Url), source.FullPage, ct);
        return new ContentUpdate(entry.Id, summary ?? entry.Summary, article?.Html, article?.Text);
    }
}
