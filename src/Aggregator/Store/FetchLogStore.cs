using Dapper;
using Microsoft.Extensions.Options;

namespace Aggregator.Store;

/// <summary>
/// Records each fetch: the outcome on the source row and a line in the <c>fetch_log</c> table,
/// in one transaction, keeping the last <see cref="AggregatorOptions.FetchLogSize"/> lines per source.
/// </summary>
internal sealed class FetchLogStore(Database database, IOptions<AggregatorOptions> options)
{
    // Every right-hand side reads the row as it was before the update (SQLite semantics).
    // A failure keeps the validators and body hash of the last good fetch, so the next try is still conditional.
    private const string RecordSql = """
        UPDATE sources SET
            last_fetched_at = @at, last_status = @Status, last_error = @Error, next_fetch_at = @next,
            consecutive_failures = CASE WHEN @failed THEN consecutive_failures + 1 ELSE 0 END,
            last_success_at = CASE WHEN @failed THEN last_success_at ELSE @at END,
            etag = CASE WHEN @failed THEN etag ELSE coalesce(@ETag, etag) END,
            last_modified = CASE WHEN @failed THEN last_modified ELSE coalesce(@LastModified, last_modified) END,
            body_hash = CASE WHEN @failed THEN body_hash ELSE coalesce(@BodyHash, body_hash) END,
            poll_minutes = coalesce(@PollMinutes, poll_minutes),
            site_url = coalesce(@SiteUrl, site_url),
            title = coalesce(title, @Title),
            health_since = CASE WHEN health IS @Health THEN coalesce(health_since, @at) ELSE @at END,
            health = @Health,
            health_reason = CASE WHEN @failed THEN @Error ELSE NULL END,
            enabled = CASE WHEN @DisableReason IS NOT NULL THEN 0
                           WHEN disabled_reason IS NOT NULL AND NOT @failed THEN 1 ELSE enabled END,
            disabled_reason = CASE WHEN @DisableReason IS NOT NULL THEN @DisableReason
                                   WHEN @failed THEN disabled_reason ELSE NULL END,
            moved_seen = CASE WHEN @failed THEN moved_seen WHEN @MovedTo IS NULL THEN 0
                              WHEN moved_to IS @MovedTo THEN moved_seen + 1 ELSE 1 END,
            moved_to = CASE WHEN @failed THEN moved_to ELSE @MovedTo END
        WHERE id = @id
        """;

    // Only API sources move: a config source would be re-added under its old address at the next start.
    private const string MoveSql = """
        UPDATE sources SET url = moved_to, moved_to = NULL, moved_seen = 0
        WHERE id = @id AND origin = 'api' AND moved_seen >= @stable
          AND NOT EXISTS (SELECT 1 FROM sources o WHERE o.url = sources.moved_to)
        RETURNING url
        """;

    private const string InsertSql = """
        INSERT INTO fetch_log (source_id, at, status, http_status, duration_ms, bytes, added, updated, url, error, filtered)
        VALUES (@id, @at, @Status, @HttpStatus, @DurationMs, @Bytes, @Added, @Updated, @Url, @Error, @Filtered);
        DELETE FROM fetch_log WHERE source_id = @id AND id <=
            (SELECT id FROM fetch_log WHERE source_id = @id ORDER BY id DESC LIMIT 1 OFFSET @keep);
        """;

    /// <summary>Records a fetch; returns the source's new address when a permanent redirect has proven stable.</summary>
    public async Task<string?> RecordAsync(long id, FetchOutcome outcome, CancellationToken ct = default)
    {
        await using var write = await database.BeginAppendingWriteAsync(ct);
        var moved = await RecordAsync(write, id, outcome);
        await write.CommitAsync(ct);
        return moved;
    }

    /// <summary>Records a fetch in a write turn the caller holds (the one that stored the fetch's items); the caller commits.</summary>
    public Task<string?> RecordAsync(WriteTransaction write, long id, FetchOutcome outcome)
    {
        var failed = outcome.Status == "error";
        var at = outcome.At.ToUnixMs();
        // The writer's prepared statements: this runs once for every fetch.
        write.Statement(RecordSql)
            .Bind("@id", id).Bind("@Status", outcome.Status).Bind("@Error", outcome.Error).Bind("@ETag", outcome.ETag)
            .Bind("@LastModified", outcome.LastModified).Bind("@SiteUrl", outcome.SiteUrl).Bind("@Title", outcome.Title)
            .Bind("@BodyHash", outcome.BodyHash).Bind("@PollMinutes", outcome.PollMinutes).Bind("@Health", outcome.Health)
            .Bind("@DisableReason", outcome.DisableReason).Bind("@MovedTo", outcome.MovedTo).Bind("@failed", failed)
            .Bind("@at", at).Bind("@next", outcome.NextFetchAt.ToUnixMs())
            .ExecuteNonQuery();
        var moved = outcome.MovedTo is null ? null : write.Statement(MoveSql)
            .Bind("@id", id).Bind("@stable", options.Value.RedirectStableFetches)
            .ExecuteScalar() as string;
        Append(write, id, outcome.Log);
        return Task.FromResult(moved);
    }

    /// <summary>Records an attempt that was never sent (host asked us to wait, or busy): only the next time moves.</summary>
    public async Task RecordDeferredAsync(long id, DateTimeOffset next, FetchLogEntry entry, CancellationToken ct = default)
    {
        await using var write = await database.BeginAppendingWriteAsync(ct);
        write.Statement("UPDATE sources SET next_fetch_at = @next WHERE id = @id").Bind("@id", id).Bind("@next", next.ToUnixMs()).ExecuteNonQuery();
        Append(write, id, entry);
        await write.CommitAsync(ct);
    }

    /// <summary>The source's fetch log, newest first.</summary>
    public async Task<IReadOnlyList<FetchLogEntry>> ListAsync(long sourceId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long At, string Status, long? HttpStatus, long DurationMs, long Bytes, long Added, long Updated, string Url, string? Error, long Filtered)>(
            "SELECT at, status, http_status, duration_ms, bytes, added, updated, url, error, filtered FROM fetch_log WHERE source_id = @sourceId ORDER BY id DESC",
            new { sourceId });
        return [.. rows.Select(r => new FetchLogEntry(
            DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Status, (int?)r.HttpStatus, r.DurationMs, r.Bytes, (int)r.Added, (int)r.Updated, r.Url, r.Error)
            { Filtered = (int)r.Filtered })];
    }

    /// <summary>The last <paramref name="perSource"/> failed attempts of every source, newest first, by source id.</summary>
    public async Task<ILookup<long, FetchLogEntry>> LastErrorsAsync(int perSource, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long SourceId, long At, long? HttpStatus, long DurationMs, string Url, string? Error)>(new CommandDefinition("""
            SELECT source_id, at, http_status, duration_ms, url, error FROM (
                SELECT *, row_number() OVER (PARTITION BY source_id ORDER BY id DESC) AS n FROM fetch_log WHERE status = 'error')
            WHERE n <= @perSource ORDER BY source_id, n
            """, new { perSource }, cancellationToken: ct));
        return rows.ToLookup(r => r.SourceId, r => new FetchLogEntry(
            DateTimeOffset.FromUnixTimeMilliseconds(r.At), "error", (int?)r.HttpStatus, r.DurationMs, 0, 0, 0, r.Url, r.Error));
    }

    private void Append(WriteTransaction write, long id, FetchLogEntry entry) =>
        write.Statement(InsertSql)
            .Bind("@id", id).Bind("@at", entry.At.ToUnixMs()).Bind("@Status", entry.Status).Bind("@HttpStatus", entry.HttpStatus)
            .Bind("@DurationMs", entry.DurationMs).Bind("@Bytes", entry.Bytes).Bind("@Added", entry.Added).Bind("@Updated", entry.Updated)
            .Bind("@Url", entry.Url).Bind("@Error", entry.Error).Bind("@Filtered", entry.Filtered).Bind("@keep", options.Value.FetchLogSize)
            .ExecuteNonQuery();
}
