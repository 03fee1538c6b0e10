using System.Security.Cryptography;
using Aggregator.Fetch;
using Aggregator.Parse;
using Aggregator.Store;

namespace Aggregator.Schedule;

/// <summary>
/// The one orchestrator: fetch → parse → clean → store for one source, then record the outcome
/// on the source and in its fetch log. Any failure stays with this source: recorded, backed off,
/// never thrown. A failure never deletes items nor advances the stored validators.
/// </summary>
/// <remarks>
/// The whole refresh runs inside a logging scope holding <c>SourceId</c> and <c>SourceUrl</c>, so every
/// line logged on its way (fetch, parse, clean, store, the HTTP client's own) names the source.
/// </remarks>
internal sealed partial class SourceRefresher(
    SourceStore sources,
    ItemStore items,
    FetchLogStore fetchLog,
    FeedFetcher fetcher,
    FeedParser parser,
    ItemProcessor processor,
    SourceFilters filters,
    FetchOutcomes outcomes,
    RetentionStore retention,
    Http.ServiceMetrics metrics,
    ILogger<SourceRefresher> logger)
{
    /// <summary>Refreshes a source; returns when it should be fetched next, or null if it no longer exists or was disabled.</summary>
    public async Task<DateTimeOffset?> RefreshAsync(long sourceId, CancellationToken ct)
    {
        var source = await sources.GetForRefreshAsync(sourceId, ct);
        if (source is null)
        {
            return null;
        }

        using var scope = SourceScope(logger, source.Id, source.Url);
        using var running = metrics.TrackRefresh();
        Refreshed refreshed;
        try
        {
            refreshed = await FetchAndStoreAsync(source, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogUnexpected(logger, e, source.Id, source.Url);
            refreshed = new Refreshed(outcomes.Failure(source, FetchTrace.None, $"internal error: {e.Message}"));
        }

        // Recorded with the items: the source existed then (the writes would have failed on its foreign key otherwise).
        var outcome = refreshed.Outcome;
        if (!refreshed.Recorded && !await sources.ExistsAsync(source.Id, CancellationToken.None))
        {
            return null; // deleted while it was being fetched: nothing to record, nothing to schedule
        }

        metrics.RecordFetch(outcome.Log);
        if (outcome.Status == FetchOutcomes.Deferred)
        {
            LogDeferred(logger, source.Id, source.Url, outcome.Error);
            await fetchLog.RecordDeferredAsync(source.Id, outcome.NextFetchAt!.Value, outcome.Log, CancellationToken.None);
            return outcome.NextFetchAt;
        }

        if (outcome.Status == "error")
        {
            LogFailed(logger, source.Id, source.Url, outcome.Error);
        }

        var movedTo = refreshed.Recorded ? refreshed.MovedTo : await fetchLog.RecordAsync(source.Id, outcome, CancellationToken.None);
        if (movedTo is not null)
        {
            LogMoved(logger, source.Id, source.Url, movedTo);
        }

        return outcome.NextFetchAt;
    }

    /// <summary>What a refresh came to; <paramref name="Recorded"/> when it was already recorded in the write turn that stored its items.</summary>
    private sealed record Refreshed(FetchOutcome Outcome, bool Recorded = false, string? MovedTo = null);

    private async Task<Refreshed> FetchAndStoreAsync(Source source, CancellationToken ct)
    {
        var validators = new FetchValidators(source.ETag, source.LastModified);
        var result = await fetcher.FetchAsync(new Uri(source.Url), validators, ct);
        switch (result)
        {
            case FetchResult.Deferred deferred:
                return new Refreshed(outcomes.Postponed(source, deferred));
            case FetchResult.NotModified notModified:
                LogNotModified(logger, source.Id, source.Url);
                return new Refreshed(outcomes.NotModified(source, result.Trace, notModified.ETag, notModified.LastModified));
            case FetchResult.Failed failed:
                return new Refreshed(outcomes.Failure(source, result.Trace, failed.Reason, failed.StatusCode, failed.RetryAfter));
        }

        var fetched = (FetchResult.Fetched)result;
        var bodyHash = Convert.ToHexString(SHA256.HashData(fetched.Body));
        if (bodyHash == source.BodyHash)
        {
            // The server ignored our validators but sent the same bytes: nothing to parse or store.
            LogNotModified(logger, source.Id, source.Url);
            return new Refreshed(outcomes.NotModified(source, fetched.Trace, fetched.ETag, fetched.LastModified));
        }

        ParsedFeed feed;
        try
        {
            feed = parser.Parse(fetched.Body, fetched.FinalUrl, fetched.ContentType);
        }
        catch (FeedParseException e)
        {
            return new Refreshed(outcomes.Failure(source, fetched.Trace, e.Message));
        }

        var (drafts, filtered) = await BuildDraftsAsync(source, feed, fetched.FinalUrl, ct);
        Refreshed? refreshed = null;
        // The outcome is recorded in the write turn that stores the items: one turn and one commit per fetch.
        var counts = await items.UpsertAsync(source.Id, drafts, async (counts, write) =>
        {
            var outcome = outcomes.Stored(source, fetched, feed, counts, bodyHash, filtered);
            refreshed = new Refreshed(outcome, Recorded: true, MovedTo: await fetchLog.RecordAsync(write, source.Id, outcome));
        }, ct);
        LogStored(logger, source.Id, source.Url, feed.Items.Count, counts.Added, counts.Updated, filtered);
        return refreshed!;
    }

    /// <summary>Processes only entries that are new or changed since the last fetch; counts those the source's rules dropped.</summary>
    private async Task<(List<ItemDraft> Drafts, int Filtered)> BuildDraftsAsync(Source source, ParsedFeed feed, Uri feedUrl, CancellationToken ct)
    {
        var entries = feed.Items.DistinctBy(i => i.Key).ToList();
        var known = await items.GetEntryHashesAsync(source.Id, [.. entries.Select(i => i.Key)], ct);
        var removed = await retention.RemovedKeysAsync(source.Id, [.. entries.Select(i => i.Key)], ct);
        var filter = filters.For(source);
        var drafts = new List<ItemDraft>();
        var filtered = 0;
        foreach (var entry in entries.Where(e => !removed.Contains(e.Key))) // retention removed it: not cleaned, not stored
        {
            var hash = ItemProcessor.HashOf(entry);
            if (known.TryGetValue(entry.Key, out var stored) && stored == hash)
            {
                continue;
            }

            var (draft, droppedBy) = await processor.ProcessAsync(entry, hash, feedUrl, source.FullPage, filter, ct);
            if (draft is null)
            {
                filtered++;
                LogFiltered(logger, source.Id, source.Url, entry.Link ?? entry.Key, droppedBy);
                continue;
            }

            drafts.Add(draft with { Language = feed.Language });
        }

        return (drafts, filtered);
    }

    private static readonly Func<ILogger, long, string, IDisposable?> SourceScope =
        LoggerMessage.DefineScope<long, string>("Source {SourceId} {SourceUrl}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId} {Url}: {Entries} entries, {Added} added, {Updated} updated, {Filtered} filtered out")]
    private static partial void LogStored(ILogger logger, long sourceId, string url, int entries, int added, int updated, int filtered);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Source {SourceId} {Url}: entry {Entry} not stored: {Rule}")]
    private static partial void LogFiltered(ILogger logger, long sourceId, string url, string entry, string? rule);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Source {SourceId} {Url}: not modified")]
    private static partial void LogNotModified(ILogger logger, long sourceId, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {SourceId} {Url}: deferred, {Reason}")]
    private static partial void LogDeferred(ILogger logger, long sourceId, string url, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceId} {Url}: {Reason}")]
    private static partial void LogFailed(ILogger logger, long sourceId, string url, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {SourceId} {Url}: moved permanently to {NewUrl}; the source now uses it")]
    private static partial void LogMoved(ILogger logger, long sourceId, string url, string newUrl);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {SourceId} {Url}: unexpected error")]
    private static partial void LogUnexpected(ILogger logger, Exception e, long sourceId, string url);
}
