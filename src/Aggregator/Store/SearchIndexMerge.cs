using Dapper;

namespace Aggregator.Store;

/// <summary>
/// Merges the full-text index's segments level by level. Every write turn adds a small FTS5 segment,
/// and FTS5's own automerge keeps them in tiers (migration 012), so a store that has been fetching for a
/// while holds a few dozen; a search seeks every term of its expression in every segment, which a broad
/// prefix (an OR of 150 terms) pays on each one. At a million items, 15 segments merged into 2: relevance
/// p95 24 → 20 ms, newest-first p95 18 → 10 ms (docs/query.md).
/// </summary>
/// <remarks>
/// FTS5's <c>'merge'</c> with a positive page count and <c>usermerge</c> 2 merges any two segments of a
/// level, and goes on with a merge in progress however many segments fetches add meanwhile; a negative
/// count (everything into one) starts over whenever a fetch adds one between two turns, so under load it
/// would never end. Turns of a few pages (<see cref="PagesPerTurn"/>) let fetches write between them; the run
/// ends when FTS5 reports no work, or after rewriting the index about twice, since new segments keep
/// coming while fetches run.
/// <para>
/// With <c>usermerge</c> 2 the new segments merge pairwise up the levels until they reach the oldest,
/// biggest one and it is rewritten too: 20,000 new items on a merged 1M store, 12 segments into 1, took
/// 352 turns and 21.8 s of CPU. With 4 (<see cref="Light"/>) a level is merged only once it holds four,
/// so the new segments merge among themselves and the big one stays: the same 12 into 2 in 12 turns,
/// 1.8 s of CPU (docs/query.md). A light merge may leave up to three segments a level.
/// </para>
/// </remarks>
/// <param name="pagesPerTurn">Index pages written per write turn: 1,000 is about 4 MB, a fraction of a second.</param>
internal sealed class SearchIndexMerge(Database database, int pagesPerTurn = SearchIndexMerge.PagesPerTurn)
{
    public const int PagesPerTurn = 1000;

    /// <summary><c>usermerge</c> for a merge into as few segments as FTS5 can: the whole index may be rewritten.</summary>
    public const int Thorough = 2;

    /// <summary><c>usermerge</c> for a merge of the newer segments among themselves, leaving the big ones.</summary>
    public const int Light = 4;

    /// <summary>How many segments the index holds now.</summary>
    public async Task<long> SegmentsAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        // A skip-scan of the (segid, term) key, a few lookups per segment: count(DISTINCT segid) read the
        // whole table, ~1 s with a 1M-item index cold (3.6 ms this way).
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            WITH RECURSIVE s (id) AS (
                SELECT min(segid) FROM items_fts_idx
                UNION ALL SELECT (SELECT min(segid) FROM items_fts_idx WHERE segid > s.id) FROM s WHERE s.id IS NOT NULL)
            SELECT count(id) FROM s
            """, cancellationToken: ct));
    }

    /// <summary>Merges until FTS5 finds nothing left to merge or the turn budget is spent; returns the write turns it took.</summary>
    /// <param name="segmentsPerMerge">FTS5's <c>usermerge</c>: how many segments a level must hold to be merged (<see cref="Thorough"/> or <see cref="Light"/>).</param>
    public async Task<int> MergeAsync(int segmentsPerMerge = Thorough, CancellationToken ct = default)
    {
        long pages;
        await using (var connection = await database.OpenAsync(ct))
        {
            pages = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM items_fts_data", cancellationToken: ct));
        }

        var budget = 2 + (2 * pages / pagesPerTurn);
        for (var turns = 1; ; turns++)
        {
            await using var write = await database.BeginWriteAsync(ct);
            if (turns == 1)
            {
                // Kept in the index's own config table; read only by 'merge' with a positive count.
                write.Statement("INSERT INTO items_fts (items_fts, rank) VALUES ('usermerge', @segments)").Bind("@segments", segmentsPerMerge).ExecuteNonQuery();
            }

            // FTS5's documented test: the merge did work when total_changes() moved by 2 or more.
            var before = (long)write.Statement("SELECT total_changes()").ExecuteScalar()!;
            write.Statement("INSERT INTO items_fts (items_fts, rank) VALUES ('merge', @pages)").Bind("@pages", pagesPerTurn).ExecuteNonQuery();
            var after = (long)write.Statement("SELECT total_changes()").ExecuteScalar()!;
            await write.CommitAsync(ct);
            if (after - before < 2 || turns >= budget)
            {
                return turns;
            }
        }
    }
}
