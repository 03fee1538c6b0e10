using System.Data.Common;
using Dapper;

namespace Aggregator.Store;

/// <summary>
/// What retention reads and writes: the sources' own limits, the removal of old items in bounded
/// batches (row, FTS entry, categories, story label), the <c>item_tombstones</c> table that keeps a
/// removed entry from coming back, and the starred flag that exempts an item.
/// </summary>
internal sealed class RetentionStore(Database database, TimeProvider clock, StoreChanges? changes = null)
{
    /// <summary>Every source's own limits (null: follow the global setting).</summary>
    public async Task<IReadOnlyList<(long SourceId, RetentionLimits Limits)>> ListLimitsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, int? MaxAgeDays, int? MaxItems)>(new CommandDefinition(
            "SELECT id, retention_max_age_days, retention_max_items FROM sources ORDER BY id", cancellationToken: ct));
        return [.. rows.Select(r => (r.Id, new RetentionLimits(r.MaxAgeDays, r.MaxItems)))];
    }

    /// <summary>The source's <paramref name="count"/>th newest item in the listing order, or null when it has fewer.</summary>
    public async Task<ItemPosition?> NthNewestAsync(long sourceId, int count, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(long SortAt, long Id)?>(new CommandDefinition("""
            SELECT sort_at, id FROM items WHERE source_id = @sourceId ORDER BY sort_at DESC, id DESC LIMIT 1 OFFSET @skip
            """, new { sourceId, skip = count - 1 }, cancellationToken: ct));
        return row is { } r ? new ItemPosition(r.SortAt, r.Id) : null;
    }

    /// <summary>
    /// Removes up to <paramref name="batch"/> unstarred items of the source ordered before
    /// <paramref name="keepFrom"/>, in one transaction, leaving a tombstone for each; returns their ids.
    /// The FTS entry goes through the delete trigger and the categories through the foreign key.
    /// The bare <c>sort_at &lt;=</c> bound lets the (source, time) index narrow the scan.
    /// </summary>
    public async Task<IReadOnlyList<long>> RemoveBatchAsync(long sourceId, ItemPosition keepFrom, int batch, DateTimeOffset tombstoneExpiry, CancellationToken ct = default)
    {
        await using var write = await database.BeginWriteAsync(ct);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var ids = (await connection.QueryAsync<long>(new CommandDefinition("""
            SELECT id FROM items
            WHERE source_id = @sourceId AND sort_at <= @SortAt AND (sort_at < @SortAt OR id < @Id) AND starred = 0
            LIMIT @batch
            """, new { sourceId, keepFrom.SortAt, keepFrom.Id, batch }, transaction, cancellationToken: ct))).ToList();
        if (ids.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT OR REPLACE INTO item_tombstones (source_id, item_key, removed_at, expires_at)
                SELECT source_id, item_key, @now, @expires FROM items WHERE id IN @ids;
                DELETE FROM items WHERE id IN @ids;
                -- A story is labelled with its first item's id: the copies left take the smallest surviving id,
                -- so a later item that happens to reuse the id never joins them by accident.
                UPDATE items SET story_id = (SELECT min(f.id) FROM items f WHERE f.story_id = items.story_id) WHERE story_id IN @ids;
                """, new { ids, now = clock.GetUtcNow().ToUnixMs(), expires = tombstoneExpiry.ToUnixMs() }, transaction, cancellationToken: ct));
        }

        await write.CommitAsync(ct);
        if (ids.Count > 0)
        {
            changes?.Invalidate();
        }

        return ids;
    }

    /// <summary>Deletes up to <paramref name="batch"/> expired tombstones; returns how many.</summary>
    public async Task<int> ExpireTombstonesAsync(int batch, CancellationToken ct = default)
    {
        return await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM item_tombstones WHERE (source_id, item_key) IN
                (SELECT source_id, item_key FROM item_tombstones WHERE expires_at <= @now LIMIT @batch)
            """, new { now = clock.GetUtcNow().ToUnixMs(), batch }, transaction, cancellationToken: ct)), ct);
    }

    /// <summary>The keys among <paramref name="keys"/> that retention removed from the source.</summary>
    public async Task<IReadOnlySet<string>> RemovedKeysAsync(long sourceId, IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await RemovedKeysAsync(connection, null, sourceId, keys);
    }

    /// <summary>The same, inside a caller's transaction: one lookup on the tombstones' primary key.</summary>
    public static async Task<IReadOnlySet<string>> RemovedKeysAsync(DbConnection connection, DbTransaction? transaction, long sourceId, IReadOnlyCollection<string> keys)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(10_000))
        {
            removed.UnionWith(await connection.QueryAsync<string>(
                "SELECT item_key FROM item_tombstones WHERE source_id = @sourceId AND item_key IN @chunk", new { sourceId, chunk }, transaction));
        }

        return removed;
    }

    public async Task<long> CountTombstonesAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM item_tombstones", cancellationToken: ct));
    }

    /// <summary>Stars or unstars an item; false when there is no such item.</summary>
    public async Task<bool> SetStarredAsync(long itemId, bool starred, CancellationToken ct = default)
    {
        return await database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE items SET starred = @starred WHERE id = @itemId", new { itemId, starred }, transaction, cancellationToken: ct)) > 0, ct);
    }

    /// <summary>Writes a source's own limits, inside the caller's transaction when it has one.</summary>
    public static Task SetLimitsAsync(DbConnection connection, DbTransaction? transaction, long sourceId, RetentionLimits limits) =>
        connection.ExecuteAsync(
            "UPDATE sources SET retention_max_age_days = @MaxAgeDays, retention_max_items = @MaxItems WHERE id = @sourceId",
            new { sourceId, limits.MaxAgeDays, limits.MaxItems }, transaction);

    /// <inheritdoc cref="SetLimitsAsync(DbConnection, DbTransaction?, long, RetentionLimits)"/>
    public static Task SetLimitsAsync(DbConnection connection, DbTransaction? transaction, string url, RetentionLimits limits) =>
        connection.ExecuteAsync(
            "UPDATE sources SET retention_max_age_days = @MaxAgeDays, retention_max_items = @MaxItems WHERE url = @url",
            new { url, limits.MaxAgeDays, limits.MaxItems }, transaction);
}
