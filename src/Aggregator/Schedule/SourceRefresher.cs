using Aggregator.Fetch;
using Aggregator.Parse;
using Aggregator.Store;

namespace Aggregator.Schedule;

/// <summary>
/// The one orchestrator: fetch → parse → clean → store for one source, then record the outcome
/// on the source. Any failure stays with this source: recorded, backed off, never thrown.
/// </summary>
internal sealed partial class SourceRefresher(
    SourceStore sources,
    ItemStore items,
    FeedFetcher fetcher,
    FeedParser parser,
    ItemProcessor processor,
    FetchPlanner planner,
    TimeProvider clock,
    ILogger<SourceRefresher> logger)
{
    /// <summary>Refreshes a source; returns when it should be fetched next, or null if it no longer exists.</summary>
    public async Task<DateTimeOffset?> RefreshAsync(long sourceId, CancellationToken ct)
    {
        var source = await sources.GetAsync(sourceId, ct);
        if (source is null)
        {
            return null;
        }

        FetchOutcome outcome;
        try
        {
            outcome = await FetchAndStoreAsync(source, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogUnexpected(logger, e, source.Id, source.Url);
            outcome = Failure(source, $"internal error: {e.Message}");
        }

        await sources.RecordAsync(source.Id, outcome, CancellationToken.None);
        return outcome.NextFetchAt;
    }

    private async Task<FetchOutcome> FetchAndStoreAsync(Source source, CancellationToken ct)
    {
        var validators = new FetchValidators(source.ETag, source.LastModified);
        var result = await fetcher.FetchAsync(new Uri(source.Url), validators, ct);
        switch (result)
        {
            case FetchResult.NotModified:
                LogNotModified(logger, source.Id, source.Url);
                return new FetchOutcome("notModified", clock.GetUtcNow(), planner.AfterSuccess(source.IntervalMinutes, null));
            case FetchResult.Failed failed:
                return Failure(source, failed.Reason);
        }

        var fetched = (FetchResult.Fetched)result;
        ParsedFeed feed;
        try
        {
            feed = parser.Parse(fetched.Body, fetched.FinalUrl, fetched.ContentType);
        }
        catch (FeedParseException e)
        {
            return Failure(source, e.Message);
        }

        var drafts = await BuildDraftsAsync(source, feed, fetched.FinalUrl, ct);
        var counts = await items.UpsertAsync(source.Id, drafts, ct);
        LogStored(logger, source.Id, source.Url, feed.Items.Count, counts.Added, counts.Updated);
        return new FetchOutcome(
            "ok", clock.GetUtcNow(), planner.AfterSuccess(source.IntervalMinutes, feed.RefreshHint),
            ETag: fetched.ETag, LastModified: fetched.LastModified, SiteUrl: feed.Link, Title: feed.Title);
    }

    /// <summary>Processes only entries that are new or changed since the last fetch.</summary>
    private async Task<List<ItemDraft>> BuildDraftsAsync(Source source, ParsedFeed feed, Uri feedUrl, CancellationToken ct)
    {
        var entries = feed.Items.DistinctBy(i => i.Key).ToList();
        var known = await items.GetEntryHashesAsync(source.Id, [.. entries.Select(i => i.Key)], ct);
        var drafts = new List<ItemDraft>();
        foreach (var entry in entries)
        {
            var hash = ItemProcessor.HashOf(entry);
            if (known.TryGetValue(entry.Key, out var stored) && stored == hash)
            {
                continue;
            }

            drafts.Add(await processor.ProcessAsync(entry, hash, feedUrl, ct, source.FullPage));
        }

        return drafts;
    }

    private FetchOutcome Failure(Source source, string reason)
    {
        LogFailed(logger, source.Id, source.Url, reason);
        return new FetchOutcome("error", clock.GetUtcNow(), planner.AfterFailure(source.IntervalMinutes, source.ConsecutiveFailures + 1), reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId} {Url}: {Entries} entries, {Added} added, {Updated} updated")]
    private static partial void LogStored(ILogger logger, long sourceId, string url, int entries, int added, int updated);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Source {SourceId} {Url}: not modified")]
    private static partial void LogNotModified(ILogger logger, long sourceId, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceId} {Url}: {Reason}")]
    private static partial void LogFailed(ILogger logger, long sourceId, string url, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {SourceId} {Url}: unexpected error")]
    private static partial void LogUnexpected(ILogger logger, Exception e, long sourceId, string url);
}
