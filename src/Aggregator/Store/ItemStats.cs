using Dapper;

namespace Aggregator.Store;

/// <summary>Items per source per day in a window.</summary>
internal sealed record DailyCount(string Day, long SourceId, long Count);

/// <summary>How often a category was used in a window.</summary>
internal sealed record CategoryCount(string Category, long Count);

/// <summary>A source's fetch record and health grade beside what it produced recently.</summary>
internal sealed record SourceActivity(
    long SourceId, string? Title, string Url, bool Enabled, string Health, string? LastStatus, string? LastError, int ConsecutiveFailures,
    DateTimeOffset? LastFetchedAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? NextFetchAt, int IntervalMinutes,
    long ItemCount, long ItemsLastDay, long ItemsLastWeek, DateTimeOffset? NewestItemAt, string? HealthReason = null, DateTimeOffset? HealthSince = null);

/// <summary>Statistics over the store: volume per source and day, top categories, fetch health.</summary>
internal sealed class ItemStats(Database database, TimeProvider clock)
{
    private const long DayMs = 24L * 3600 * 1000;

    public async Task<IReadOnlyList<DailyCount>> DailyAsync(DateTimeOffset since, DateTimeOffset until, IReadOnlyList<long> sources, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Day, long SourceId, long Count)>(new CommandDefinition($"""
            SELECT strftime('%Y-%m-%d', sort_at / 1000, 'unixepoch') AS day, source_id, count(*)
            FROM items WHERE sort_at >= @since AND sort_at < @until {(sources.Count > 0 ? "AND source_id IN @sources" : "")}
            GROUP BY day, source_id ORDER BY day, source_id
            """, new { since = since.ToUnixMs(), until = until.ToUnixMs(), sources }, cancellationToken: ct));
        return [.. rows.Select(r => new DailyCount(r.Day, r.SourceId, r.Count))];
    }

    public async Task<IReadOnlyList<CategoryCount>> TopCategoriesAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Category, long Count)>(new CommandDefinition("""
            SELECT min(c.category), count(*) AS n
            FROM items i JOIN item_categories c ON c.item_id = i.id
            WHERE i.sort_at >= @since AND i.sort_at < @until
            GROUP BY c.category ORDER BY n DESC, 1 LIMIT @limit
            """, new { since = since.ToUnixMs(), until = until.ToUnixMs(), limit }, cancellationToken: ct));
        return [.. rows.Select(r => new CategoryCount(r.Category, r.Count))];
    }

    public async Task<IReadOnlyList<SourceActivity>> HealthAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixMs();
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<HealthRow>(new CommandDefinition("""
            SELECT s.id, s.title, s.url, s.enabled, s.health, s.health_reason, s.health_since, s.last_status, s.last_error, s.consecutive_failures,
                s.last_fetched_at, s.last_success_at, s.next_fetch_at, s.interval_minutes,
                (SELECT count(*) FROM items i WHERE i.source_id = s.id) AS item_count,
                (SELECT count(*) FROM items i WHERE i.source_id = s.id AND i.sort_at >= @day) AS items_last_day,
                (SELECT count(*) FROM items i WHERE i.source_id = s.id AND i.sort_at >= @week) AS items_last_week,
                (SELECT max(sort_at) FROM items i WHERE i.source_id = s.id) AS newest_item_at
            FROM sources s ORDER BY s.id
            """, new { day = now - DayMs, week = now - (7 * DayMs) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToHealth())];
    }

    private sealed class HealthRow
    {
        public long Id { get; set; }
        public string? Title { get; set; }
        public string Url { get; set; } = "";
        public bool Enabled { get; set; }
        public string Health { get; set; } = SourceHealth.Healthy;
        public string? HealthReason { get; set; }
        public long? HealthSince { get; set; }
        public string? LastStatus { get; set; }
        public string? LastError { get; set; }
        public int ConsecutiveFailures { get; set; }
        public long? LastFetchedAt { get; set; }
        public long? LastSuccessAt { get; set; }
        public long? NextFetchAt { get; set; }
        public int IntervalMinutes { get; set; }
        public long ItemCount { get; set; }
        public long ItemsLastDay { get; set; }
        public long ItemsLastWeek { get; set; }
        public long? NewestItemAt { get; set; }

        public SourceActivity ToHealth() => new(
            Id, Title, Url, Enabled, Health, LastStatus, LastError, ConsecutiveFailures, UnixTime.FromUnixMs(LastFetchedAt),
            UnixTime.FromUnixMs(LastSuccessAt), UnixTime.FromUnixMs(NextFetchAt), IntervalMinutes,
            ItemCount, ItemsLastDay, ItemsLastWeek, UnixTime.FromUnixMs(NewestItemAt), HealthReason, UnixTime.FromUnixMs(HealthSince));
    }
}
