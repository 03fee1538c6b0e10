using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Retention;

/// <summary>
/// One retention run: for each source, removes the unstarred items older than its maximum age and
/// beyond its maximum count (its own limits, else the global ones), batch by batch, then deletes
/// expired tombstones. Runs never overlap, whether the job or <c>POST /api/retention/run</c> started them.
/// </summary>
internal sealed partial class RetentionSweeper(
    RetentionStore store,
    SearchIndexMerge searchIndex,
    IOptions<AggregatorOptions> options,
    TimeProvider clock,
    Http.ServiceMetrics metrics,
    ILogger<RetentionSweeper> logger) : IDisposable
{
    /// <summary>A tombstone outlives its item by at least this long, so a feed that still carries the entry cannot bring it back.</summary>
    public static readonly TimeSpan MinTombstoneLife = TimeSpan.FromDays(30);

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>When this process last merged the full-text index thoroughly; a restart merges at its first run.</summary>
    private DateTimeOffset? _merged;

    /// <summary>When the last thorough merge ran (tests: light merges by count must not put it off).</summary>
    internal DateTimeOffset? LastThoroughMerge => _merged;

    public async Task<RetentionReport> SweepAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var settings = options.Value;
            var now = clock.GetUtcNow();
            var removed = new Dictionary<long, int>();
            foreach (var (sourceId, limits) in await store.ListLimitsAsync(ct))
            {
                var policy = RetentionPolicy.For(limits, settings);
                if (await KeepFromAsync(sourceId, policy, now, ct) is not { } keepFrom)
                {
                    continue;
                }

                var count = await RemoveAsync(sourceId, keepFrom, settings.RetentionBatchSize, now + policy.TombstoneLife, ct);
                if (count > 0)
                {
                    removed[sourceId] = count;
                    LogRemoved(logger, sourceId, count, policy.MaxAgeDays, policy.MaxItems);
                }
            }

            var expired = 0;
            int batch;
            do
            {
                expired += batch = await store.ExpireTombstonesAsync(settings.RetentionBatchSize, ct);
            }
            while (batch == settings.RetentionBatchSize);

            var merged = await MergeSearchIndexAsync(settings, now, ct);
            var report = new RetentionReport(removed.Values.Sum(), removed, expired, merged);
            metrics.RecordRetention(report.Removed);
            return report;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    /// <summary>
    /// Merges the full-text index's segments when due and there is more than one: thoroughly when the
    /// interval has passed, lightly (<see cref="SearchIndexMerge.Light"/>) when the index holds
    /// <c>SearchIndexMergeSegments</c> segments before it; neither when <c>SearchIndexMergeHours</c> is 0.
    /// Returns how many fewer segments there are.
    /// </summary>
    private async Task<long> MergeSearchIndexAsync(AggregatorOptions settings, DateTimeOffset now, CancellationToken ct)
    {
        if (settings.SearchIndexMergeHours <= 0)
        {
            return 0;
        }

        var byTime = _merged is not { } last || now - last >= TimeSpan.FromHours(settings.SearchIndexMergeHours);
        if (!byTime && settings.SearchIndexMergeSegments <= 0)
        {
            return 0;
        }

        var segments = await searchIndex.SegmentsAsync(ct);
        if (!byTime && segments < settings.SearchIndexMergeSegments)
        {
            return 0;
        }

        var fewer = 0L;
        if (segments > 1)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // By count between the intervals only the newer segments merge: a thorough merge rewrites the
            // whole index each time (22 s of CPU at 1M), the light one what the last hour added.
            var turns = await searchIndex.MergeAsync(byTime ? SearchIndexMerge.Thorough : SearchIndexMerge.Light, ct);
            var left = await searchIndex.SegmentsAsync(ct);
            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            LogMerged(logger, segments, left, turns, seconds);
            fewer = Math.Max(0, segments - left);
        }

        // Only a thorough merge restarts the interval: hourly light merges would otherwise put it off for good.
        if (byTime)
        {
            _merged = now;
        }

        return fewer;
    }

    /// <summary>The oldest position the source keeps: items ordered before it go. Null when nothing limits the source.</summary>
    private async Task<ItemPosition?> KeepFromAsync(long sourceId, RetentionPolicy policy, DateTimeOffset now, CancellationToken ct)
    {
        // Age: everything published (else fetched) before the cutoff, whatever its id.
        ItemPosition? byAge = policy.MaxAgeDays > 0 ? new ItemPosition(now.AddDays(-policy.MaxAgeDays).ToUnixMs(), 0) : null;
        ItemPosition? byCount = policy.MaxItems > 0 ? await store.NthNewestAsync(sourceId, policy.MaxItems, ct) : null;

        // Both limits remove what lies before their position; together, what lies before the later one.
        return (byAge, byCount) switch
        {
            ({ } age, { } count) => Later(age, count),
            _ => byAge ?? byCount,
        };
    }

    private static ItemPosition Later(ItemPosition a, ItemPosition b) =>
        a.SortAt > b.SortAt || (a.SortAt == b.SortAt && a.Id > b.Id) ? a : b;

    private async Task<int> RemoveAsync(long sourceId, ItemPosition keepFrom, int batchSize, DateTimeOffset tombstoneExpiry, CancellationToken ct)
    {
        var total = 0;
        IReadOnlyList<long> batch;
        do
        {
            batch = await store.RemoveBatchAsync(sourceId, keepFrom, batchSize, tombstoneExpiry, ct);
            total += batch.Count;
        }
        while (batch.Count == batchSize);

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Merged the full-text index from {Segments} segments to {Left} in {Turns} write turns, {Seconds:0.0} s")]
    private static partial void LogMerged(ILogger logger, long segments, long left, int turns, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {Count} items of source {SourceId} (max age {MaxAgeDays} days, max items {MaxItems}; 0: no limit)")]
    private static partial void LogRemoved(ILogger logger, long sourceId, int count, int maxAgeDays, int maxItems);
}

/// <summary>The limits in force for one source: its own where it has them, else the global settings; 0 means no limit.</summary>
internal sealed record RetentionPolicy(int MaxAgeDays, int MaxItems)
{
    /// <summary>How long a removed entry's tombstone lasts: twice the maximum age, and at least 30 days.</summary>
    public TimeSpan TombstoneLife => TimeSpan.FromDays(Math.Max(2.0 * MaxAgeDays, RetentionSweeper.MinTombstoneLife.TotalDays));

    public static RetentionPolicy For(RetentionLimits own, AggregatorOptions settings) =>
        new(own.MaxAgeDays ?? settings.RetentionMaxAgeDays, own.MaxItems ?? settings.RetentionMaxItemsPerSource);
}

/// <summary>What one retention run removed: items in all, per source, and expired tombstones deleted.</summary>
/// <param name="SearchSegmentsMerged">How many fewer segments the full-text index has after the run's merge (0: not due, or one already).</param>
internal sealed record RetentionReport(int Removed, IReadOnlyDictionary<long, int> RemovedBySource, int TombstonesExpired, long SearchSegmentsMerged = 0);
