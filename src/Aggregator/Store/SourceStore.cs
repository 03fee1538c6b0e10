using System.Text.Json;
using Dapper;

namespace Aggregator.Store;

/// <summary>The <c>sources</c> table: what operators configured and how each fetch went.</summary>
internal sealed class SourceStore(Database database, TimeProvider clock, StoreChanges? changes = null)
{
    // The per-source settings (migration 007), written alike by every insert and update.
    private const string SettingsColumns = "category, tags, min_interval_minutes, max_interval_minutes, filters";
    private const string SettingsValues = "@category, @tags, @minInterval, @maxInterval, @filters";
    private const string SettingsUpdate = """
        category = @category, tags = @tags, min_interval_minutes = @minInterval,
        max_interval_minutes = @maxInterval, filters = @filters
        """;

    private const string SelectSources = """
        SELECT s.*, (SELECT count(*) FROM items i WHERE i.source_id = s.id) AS item_count,
            (SELECT count(*) FROM items i WHERE i.source_id = s.id AND i.sort_at >= @weekAgo) AS items_last_week
        FROM sources s
        """;

    public async Task<IReadOnlyList<Source>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<SourceRow>($"{SelectSources} ORDER BY s.id", new { weekAgo = WeekAgo() });
        return [.. rows.Select(r => r.ToSource())];
    }

    public async Task<Source?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SourceRow>($"{SelectSources} WHERE s.id = @id", new { id, weekAgo = WeekAgo() });
        return row?.ToSource();
    }

    /// <summary>
    /// The source without its item counts, for the refresh that runs for every source every cycle:
    /// counting a big source's items costs more than the rest of an all-304 refresh.
    /// </summary>
    public async Task<Source?> GetForRefreshAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SourceRow>(
            "SELECT s.*, 0 AS item_count, 0 AS items_last_week FROM sources s WHERE s.id = @id", new { id });
        return row?.ToSource();
    }

    public async Task<Source?> FindByUrlAsync(string url, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SourceRow>($"{SelectSources} WHERE s.url = @url", new { url, weekAgo = WeekAgo() });
        return row?.ToSource();
    }

    private long WeekAgo() => clock.GetUtcNow().AddDays(-7).ToUnixMs();

    private const string InsertApiSource = $"""
        INSERT INTO sources (url, title, origin, enabled, interval_minutes, created_at, full_page, {SettingsColumns})
        VALUES (@Url, @Title, 'api', @Enabled, @IntervalMinutes, @now, @fullPage, {SettingsValues})
        ON CONFLICT (url) DO NOTHING
        RETURNING id
        """;

    /// <summary>Adds a source through the API; null when the URL is already a source.</summary>
    public async Task<Source?> AddAsync(SourceDefinition source, CancellationToken ct = default)
    {
        var id = await database.WriteAsync(async (connection, transaction) =>
        {
            var added = await connection.ExecuteScalarAsync<long?>(InsertApiSource, Parameters(source, clock.GetUtcNow().ToUnixMs()), transaction);
            if (added is { } newId)
            {
                await RetentionStore.SetLimitsAsync(connection, transaction, newId, source.Retention);
            }

            return added;
        }, ct);
        return id is { } addedId ? await GetAsync(addedId, ct) : null;
    }

    /// <summary>
    /// Adds many sources in one short transaction (an OPML import); returns the ids of those added,
    /// leaving out URLs that are already sources.
    /// </summary>
    public Task<IReadOnlyList<long>> AddManyAsync(IReadOnlyCollection<SourceDefinition> batch, CancellationToken ct = default) =>
        database.WriteAsync<IReadOnlyList<long>>(async (connection, transaction) =>
        {
            var now = clock.GetUtcNow().ToUnixMs();
            var ids = new List<long>();
            foreach (var source in batch)
            {
                if (await connection.ExecuteScalarAsync<long?>(InsertApiSource, Parameters(source, now), transaction) is { } id)
                {
                    ids.Add(id);
                }
            }

            return ids;
        }, ct);

    /// <summary>Which of these URLs are sources already.</summary>
    public async Task<IReadOnlySet<string>> ExistingUrlsAsync(IReadOnlyCollection<string> urls, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<string>("SELECT url FROM sources WHERE url IN @urls", new { urls })).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The ids of the enabled sources: what the schedule must hold.</summary>
    /// <summary>What the schedule needs of every source: whether it is polled, and when next.</summary>
    public async Task<IReadOnlyList<(long Id, bool Enabled, DateTimeOffset? NextFetchAt)>> ScheduleStatesAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, bool Enabled, long? NextFetchAt)>(
            new CommandDefinition("SELECT id, enabled, next_fetch_at FROM sources ORDER BY id", cancellationToken: ct));
        return [.. rows.Select(r => (r.Id, r.Enabled, r.NextFetchAt is { } next ? DateTimeOffset.FromUnixTimeMilliseconds(next) : (DateTimeOffset?)null))];
    }

    public async Task<IReadOnlySet<long>> EnabledIdsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<long>("SELECT id FROM sources WHERE enabled = 1")).ToHashSet();
    }

    /// <summary>Stops polling a source and keeps its items, as when a source leaves the config file; false if none.</summary>
    public Task<bool> DisableAsync(long id, CancellationToken ct = default) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.ExecuteAsync("UPDATE sources SET enabled = 0 WHERE id = @id", new { id }, transaction) > 0, ct);

    /// <summary>
    /// Makes the table match the config file: its sources are added or updated (a URL the API
    /// added before becomes config-managed, so it stays one source), and config sources no longer
    /// in the file are disabled, never deleted, so their items stay.
    /// </summary>
    public async Task SyncConfigAsync(IReadOnlyList<SourceDefinition> configured, CancellationToken ct = default)
    {
        await using var write = await database.BeginWriteAsync(ct);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var now = clock.GetUtcNow().ToUnixMs();
        foreach (var source in configured)
        {
            await connection.ExecuteAsync($"""
                INSERT INTO sources (url, title, origin, enabled, interval_minutes, created_at, full_page, {SettingsColumns})
                VALUES (@Url, @Title, 'config', @Enabled, @IntervalMinutes, @now, @fullPage, {SettingsValues})
                ON CONFLICT (url) DO UPDATE SET
                    title = coalesce(excluded.title, sources.title),
                    origin = 'config',
                    -- A source the service disabled itself (410 Gone) stays disabled whatever the file says.
                    enabled = CASE WHEN sources.disabled_reason IS NOT NULL THEN 0 ELSE excluded.enabled END,
                    interval_minutes = excluded.interval_minutes,
                    full_page = excluded.full_page,
                    {SettingsUpdate}
                """, Parameters(source, now), transaction);
            await RetentionStore.SetLimitsAsync(connection, transaction, source.Url, source.Retention);
        }

        await connection.ExecuteAsync(
            "UPDATE sources SET enabled = 0 WHERE origin = 'config' AND url NOT IN @urls",
            new { urls = configured.Select(s => s.Url).ToArray() },
            transaction);
        await write.CommitAsync(ct);
    }

    /// <summary>
    /// Changes a source added through the API (config sources change in their file); false when
    /// there is no such API source. Enabling clears a reason the service had for disabling it.
    /// </summary>
    public Task<bool> UpdateAsync(long id, SourceDefinition source, CancellationToken ct = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var parameters = new DynamicParameters(Parameters(source, 0));
            parameters.Add("id", id);
            var updated = await connection.ExecuteAsync($"""
                UPDATE sources SET
                    title = @Title, enabled = @Enabled, interval_minutes = @IntervalMinutes, full_page = @fullPage,
                    disabled_reason = CASE WHEN @Enabled THEN NULL ELSE disabled_reason END,
                    {SettingsUpdate}
                WHERE id = @id AND origin = 'api'
                """, parameters, transaction) > 0;
            if (updated)
            {
                await RetentionStore.SetLimitsAsync(connection, transaction, id, source.Retention);
            }

            return updated;
        }, ct);

    public async Task<bool> ExistsAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM sources WHERE id = @id)", new { id });
    }

    /// <summary>Removes a source with its items, their search rows and categories, and its fetch log; false if none.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct = default)
    {
        // Items go first in small batches, each its own transaction taken in turn, so a big source never
        // holds the write lock long enough to stall the service's fetches; the cascade then removes the rest.
        int removed;
        do
        {
            removed = await database.WriteAsync(async (connection, transaction) =>
            {
                var ids = (await connection.QueryAsync<long>("SELECT id FROM items WHERE source_id = @id LIMIT 1000", new { id }, transaction)).ToList();
                if (ids.Count > 0)
                {
                    // Other sources' copies of a story labelled with a removed item take their smallest
                    // surviving id (as retention does), so a later item reusing the id never joins them.
                    await connection.ExecuteAsync("""
                        DELETE FROM items WHERE id IN @ids;
                        UPDATE items SET story_id = (SELECT min(f.id) FROM items f WHERE f.story_id = items.story_id) WHERE story_id IN @ids;
                        """, new { ids }, transaction);
                }

                return ids.Count;
            }, ct);
        }
        while (removed > 0);

        var deleted = await database.WriteAsync(
            async (connection, transaction) => await connection.ExecuteAsync("DELETE FROM sources WHERE id = @id", new { id }, transaction) > 0, ct);
        if (deleted)
        {
            changes?.Invalidate(); // its items left the merged feeds
        }

        return deleted;
    }

    private static object Parameters(SourceDefinition source, long now) => new
    {
        source.Url,
        source.Title,
        source.Enabled,
        source.IntervalMinutes,
        now,
        fullPage = source.FullPage.Name(),
        category = source.Settings.Category,
        tags = JsonSerializer.Serialize(source.Settings.Tags, StoreJson.Options),
        minInterval = source.Settings.MinIntervalMinutes,
        maxInterval = source.Settings.MaxIntervalMinutes,
        filters = JsonSerializer.Serialize(source.Settings.Filters, StoreJson.Options),
    };

    private sealed class SourceRow
    {
        public long Id { get; set; }
        public string Url { get; set; } = "";
        public string? Title { get; set; }
        public string Origin { get; set; } = "";
        public bool Enabled { get; set; }
        public int IntervalMinutes { get; set; }
        public string? SiteUrl { get; set; }
        public string? ETag { get; set; }
        public string? LastModified { get; set; }
        public long? LastFetchedAt { get; set; }
        public long? LastSuccessAt { get; set; }
        public string? LastStatus { get; set; }
        public string? LastError { get; set; }
        public int ConsecutiveFailures { get; set; }
        public long? NextFetchAt { get; set; }
        public long CreatedAt { get; set; }
        public long ItemCount { get; set; }
        public string Health { get; set; } = SourceHealth.Healthy;
        public string? HealthReason { get; set; }
        public long? HealthSince { get; set; }
        public string? DisabledReason { get; set; }
        public string? BodyHash { get; set; }
        public int? PollMinutes { get; set; }
        public string? MovedTo { get; set; }
        public string FullPage { get; set; } = "auto";
        public string? Category { get; set; }
        public string Tags { get; set; } = "[]";
        public int? MinIntervalMinutes { get; set; }
        public int? MaxIntervalMinutes { get; set; }
        public string Filters { get; set; } = "[]";
        public int? RetentionMaxAgeDays { get; set; }
        public int? RetentionMaxItems { get; set; }
        public long ItemsLastWeek { get; set; }

        public Source ToSource() => new(
            Id, Url, Title, Origin, Enabled, IntervalMinutes, SiteUrl, ETag, LastModified,
            UnixTime.FromUnixMs(LastFetchedAt), UnixTime.FromUnixMs(LastSuccessAt), LastStatus, LastError,
            ConsecutiveFailures, UnixTime.FromUnixMs(NextFetchAt), UnixTime.FromUnixMs(CreatedAt)!.Value, ItemCount,
            FullPageModes.TryParse(FullPage, out var mode) ? mode : FullPageMode.Auto)
        {
            Health = Health,
            HealthReason = HealthReason,
            HealthSince = UnixTime.FromUnixMs(HealthSince),
            DisabledReason = DisabledReason,
            BodyHash = BodyHash,
            PollMinutes = PollMinutes,
            MovedTo = MovedTo,
            Retention = new RetentionLimits(RetentionMaxAgeDays, RetentionMaxItems),
            ItemsLastWeek = ItemsLastWeek,
            Settings = new SourceSettings
            {
                Category = Category,
                Tags = JsonSerializer.Deserialize<string[]>(Tags, StoreJson.Options) ?? [],
                MinIntervalMinutes = MinIntervalMinutes,
                MaxIntervalMinutes = MaxIntervalMinutes,
                Filters = JsonSerializer.Deserialize<FilterRule[]>(Filters, StoreJson.Options) ?? [],
            },
        };
    }
}
