using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Aggregator.Store;
using Dapper;

namespace Aggregator.Http;

/// <summary>
/// Counters the refresh path bumps (fetches by outcome, their durations, items stored), written out
/// with the store's gauges (sources by health, items) in Prometheus text format at <c>/metrics</c>.
/// </summary>
internal sealed class ServiceMetrics
{
    private static readonly double[] Buckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly ConcurrentDictionary<string, long> _fetches = new(StringComparer.Ordinal);
    private readonly long[] _durationBuckets = new long[Buckets.Length];
    private long _durationCount;
    private long _durationMicros;
    private long _itemsAdded;
    private long _itemsUpdated;
    private long _refreshing;
    private long _retentionRuns;
    private long _retentionRemoved;

    /// <summary>One fetch attempt, as the fetch log records it.</summary>
    public void RecordFetch(FetchLogEntry entry)
    {
        _fetches.AddOrUpdate(entry.Status, 1, (_, n) => n + 1);
        Interlocked.Add(ref _itemsAdded, entry.Added);
        Interlocked.Add(ref _itemsUpdated, entry.Updated);
        var seconds = entry.DurationMs / 1000.0;
        Interlocked.Increment(ref _durationCount);
        Interlocked.Add(ref _durationMicros, entry.DurationMs * 1000);
        for (var i = 0; i < Buckets.Length; i++)
        {
            if (seconds <= Buckets[i])
            {
                Interlocked.Increment(ref _durationBuckets[i]);
            }
        }
    }

    /// <summary>Counts a source refresh as in progress until the returned handle is disposed.</summary>
    public IDisposable TrackRefresh()
    {
        Interlocked.Increment(ref _refreshing);
        return new Release(() => Interlocked.Decrement(ref _refreshing));
    }

    /// <summary>One retention run and the items it removed.</summary>
    public void RecordRetention(int removed)
    {
        Interlocked.Increment(ref _retentionRuns);
        Interlocked.Add(ref _retentionRemoved, removed);
    }

    public async Task<string> WriteAsync(Database database, TimeProvider clock, CancellationToken ct)
    {
        var text = new StringBuilder();
        Family(text, "aggregator_fetches_total", "counter", "Fetch attempts by outcome.");
        foreach (var (status, fetches) in _fetches.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Line(text, $"aggregator_fetches_total{{outcome=\"{status}\"}}", fetches);
        }

        Family(text, "aggregator_fetch_duration_seconds", "histogram", "Duration of fetch attempts, body and redirects included.");
        for (var i = 0; i < Buckets.Length; i++)
        {
            Line(text, $"aggregator_fetch_duration_seconds_bucket{{le=\"{Buckets[i].ToString(CultureInfo.InvariantCulture)}\"}}", Interlocked.Read(ref _durationBuckets[i]));
        }

        var count = Interlocked.Read(ref _durationCount);
        Line(text, "aggregator_fetch_duration_seconds_bucket{le=\"+Inf\"}", count);
        Line(text, "aggregator_fetch_duration_seconds_sum", Interlocked.Read(ref _durationMicros) / 1e6);
        Line(text, "aggregator_fetch_duration_seconds_count", count);
        Family(text, "aggregator_items_stored_total", "counter", "Items written by refreshes.");
        Line(text, "aggregator_items_stored_total{change=\"added\"}", Interlocked.Read(ref _itemsAdded));
        Line(text, "aggregator_items_stored_total{change=\"updated\"}", Interlocked.Read(ref _itemsUpdated));
        Family(text, "aggregator_refreshes_in_progress", "gauge", "Source refreshes running now (fetch, parse, clean, store).");
        Line(text, "aggregator_refreshes_in_progress", Interlocked.Read(ref _refreshing));
        Family(text, "aggregator_retention_runs_total", "counter", "Retention runs, scheduled or asked for.");
        Line(text, "aggregator_retention_runs_total", Interlocked.Read(ref _retentionRuns));
        Family(text, "aggregator_retention_items_removed_total", "counter", "Items removed by retention.");
        Line(text, "aggregator_retention_items_removed_total", Interlocked.Read(ref _retentionRemoved));
        // The one writer is what bounds a fetch cycle: held seconds growing as fast as wall time means saturated.
        Family(text, "aggregator_write_turns_total", "counter", "Write turns taken by this process (one per stored fetch).");
        Line(text, "aggregator_write_turns_total", database.WriteTurns.Turns);
        Family(text, "aggregator_write_commits_total", "counter", "Commits of write turns: turns that waited for one another commit together.");
        Line(text, "aggregator_write_commits_total", database.WriteTurns.Commits);
        Family(text, "aggregator_write_turn_seconds_total", "counter", "Time the write turn was held: each writer's turn to the end of its writes, and the commits of groups.");
        Line(text, "aggregator_write_turn_seconds_total", database.WriteTurns.Held.TotalSeconds);
        await WriteStoreGaugesAsync(text, database, clock.GetUtcNow().ToUnixMs(), ct);
        return text.ToString();
    }

    private static async Task WriteStoreGaugesAsync(StringBuilder text, Database database, long now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var grades = await connection.QueryAsync<(string Health, long Enabled, long Count)>(new CommandDefinition(
            "SELECT health, enabled, count(*) FROM sources GROUP BY health, enabled ORDER BY 1, 2", cancellationToken: ct));
        Family(text, "aggregator_sources", "gauge", "Sources by health grade and whether they are enabled.");
        foreach (var (health, enabled, n) in grades)
        {
            Line(text, $"aggregator_sources{{health=\"{health}\",enabled=\"{(enabled != 0 ? "true" : "false")}\"}}", n);
        }

        Family(text, "aggregator_items", "gauge", "Items in the store.");
        Line(text, "aggregator_items", await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM items", cancellationToken: ct)));
        Family(text, "aggregator_fetch_queue_depth", "gauge", "Enabled sources whose next fetch time has passed: waiting for a fetch slot or being fetched.");
        Line(text, "aggregator_fetch_queue_depth", await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM sources WHERE enabled = 1 AND next_fetch_at <= @now", new { now }, cancellationToken: ct)));
        Family(text, "aggregator_retention_tombstones", "gauge", "Entries retention removed that a feed may not bring back until their tombstone expires.");
        Line(text, "aggregator_retention_tombstones", await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM item_tombstones", cancellationToken: ct)));
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder text, string series, double value) =>
        text.Append(series).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}

internal static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (ServiceMetrics metrics, Database database, TimeProvider clock, CancellationToken ct) =>
                TypedResults.Text(await metrics.WriteAsync(database, clock, ct), "text/plain; version=0.0.4; charset=utf-8"))
            .WithTags("Service").WithName("Metrics").WithSummary("Prometheus text: fetches by outcome, durations, items stored, sources by health, queue depth, retention");
        return app;
    }
}
