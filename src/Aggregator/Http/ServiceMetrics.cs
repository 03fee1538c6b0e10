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

    public async Task<string> WriteAsync(Database database, CancellationToken ct)
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
        await WriteStoreGaugesAsync(text, database, ct);
        return text.ToString();
    }

    private static async Task WriteStoreGaugesAsync(StringBuilder text, Database database, CancellationToken ct)
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
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder text, string series, double value) =>
        text.Append(series).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}

internal static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (ServiceMetrics metrics, Database database, CancellationToken ct) =>
                TypedResults.Text(await metrics.WriteAsync(database, ct), "text/plain; version=0.0.4; charset=utf-8"))
            .WithTags("Service").WithName("Metrics").WithSummary("Prometheus text: fetches by outcome, durations, items stored, sources by health");
        return app;
    }
}
