namespace Aggregator.Store;

/// <summary>
/// Merges the full-text index into one segment. Every write turn adds a small FTS5 segment, and FTS5's
/// own automerge keeps them in tiers (migration 012), so a store that has been fetching for a while
/// holds a few dozen; a search seeks every term of its expression in every segment, which a broad
/// prefix (an OR of 150 terms) pays on each one. At a million items, 15 segments against one: relevance
/// p95 24 → 15 ms, newest-first p95 18 → 7 ms (docs/query.md). The merge rewrites the whole index
/// (about 30 s of work at a million items), so the maintenance run does it at most every
/// <see cref="AggregatorOptions.SearchIndexMergeHours"/>, in write turns of <see cref="PagesPerTurn"/>
/// pages each so fetches go on between them.
/// </summary>
internal sealed class SearchIndexMerge(Database database)
{
    /// <summary>Index pages written per write turn: about 4 MB, a fraction of a second.</summary>
    public const int PagesPerTurn = 1000;

    /// <summary>How many segments the index holds now.</summary>
    public async Task<long> SegmentsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(DISTINCT segid) FROM items_fts_idx";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Merges until one segment is left; returns the write turns it took.</summary>
    public async Task<int> MergeAsync(CancellationToken ct = default)
    {
        for (var turns = 1; ; turns++)
        {
            await using var write = await database.BeginWriteAsync(ct);
            // FTS5's documented test: the merge did work when total_changes() moved by 2 or more.
            var before = (long)write.Statement("SELECT total_changes()").ExecuteScalar()!;
            // Negative: every segment counts as one level, so they all end in one.
            write.Statement("INSERT INTO items_fts (items_fts, rank) VALUES ('merge', @pages)").Bind("@pages", -PagesPerTurn).ExecuteNonQuery();
            var after = (long)write.Statement("SELECT total_changes()").ExecuteScalar()!;
            await write.CommitAsync(ct);
            if (after - before < 2)
            {
                return turns;
            }
        }
    }
}
