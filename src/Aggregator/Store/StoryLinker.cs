using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// Puts a just-written item into its story, inside the ingest transaction: the story of an item of
/// another source with the same canonical address, else of one with nearly the same text published
/// within two days, else a story of its own.
/// </summary>
internal static class StoryLinker
{
    public static readonly long Window = (long)TimeSpan.FromDays(2).TotalMilliseconds;

    /// <summary>
    /// Near-duplicate candidates read per item, the nearest in time first; bounds ingest cost on busy
    /// days. 5,000 made every insert read 5,000 rows and cut a 10,000-source refresh cycle several-fold.
    /// </summary>
    public const int MaxCandidates = 150; // on each side of the item's time

    /// <summary>Candidates whose texts are compared in full, closest fingerprints first.</summary>
    internal const int MaxTextComparisons = 8;

    /// <summary>Relinks an updated item; its address, fingerprint and shingles were computed before the write turn (<see cref="NewItem.Of"/>).</summary>
    public static async Task LinkAsync(DbConnection connection, DbTransaction transaction, long id, long sourceId, NewItem item)
    {
        var (canonical, fingerprint) = (item.Canonical, item.Fingerprint);
        var self = await connection.QuerySingleAsync<(long SortAt, long? StoryId, long Followers)>(
            "SELECT sort_at, story_id, (SELECT count(*) FROM items f WHERE f.story_id = @id AND f.id <> @id) FROM items WHERE id = @id",
            new { id }, transaction);

        // An item others already joined keeps its story, so re-reading it never splits a group.
        var story = self.StoryId is { } existing && (existing != id || self.Followers > 0)
            ? existing
            : await FindStoryAsync(connection, transaction, id, sourceId, canonical, fingerprint, self.SortAt, item.Shingles) ?? id;
        await connection.ExecuteAsync(
            "UPDATE items SET canonical_url = @canonical, fingerprint = @fingerprint, story_id = @story WHERE id = @id",
            new { id, canonical, fingerprint, story }, transaction);
    }

    /// <summary>
    /// The story a new item joins, from candidates read once for its batch (<see cref="StoryCandidates"/>):
    /// the same rules as <see cref="LinkAsync"/>, with one prepared statement for the batch at most. Null: a story of its own.
    /// </summary>
    /// <param name="since">The near-duplicates worked out on a snapshot before the turn (<see cref="StorySnapshot"/>), when there is one.</param>
    public static long? StoryOf(
        SqliteConnection connection, SqliteTransaction transaction, StoryCandidates candidates, StorySnapshot.Since? since, NewItem item)
    {
        if (candidates.ByUrl(item.Canonical) is { } byUrl)
        {
            return byUrl;
        }

        if (since is not null && since.TryStoryOf(item, out var proposed))
        {
            return proposed;
        }

        if (item.Fingerprint is not { } print)
        {
            return null;
        }

        using var text = StoryCandidates.Command(connection, transaction, "SELECT content_text FROM items WHERE id = @id", ("@id", 0L));
        foreach (var (id, story, _) in Nearest(candidates.Near(item.SortAt, print), print))
        {
            text.Parameters[0].Value = id;
            if (TextFingerprint.Similarity(item.Shingles, text.ExecuteScalar() as string) >= TextFingerprint.MinSimilarity)
            {
                return story;
            }
        }

        return null;
    }

    /// <summary>
    /// The candidates whose texts are compared, closest fingerprints first, and only a few: a store of
    /// look-alike texts (one outlet's templated items, the benchmark's farm) would otherwise compare
    /// every text in the window.
    /// </summary>
    internal static IEnumerable<(long Id, long StoryId, long Fingerprint)> Nearest(IEnumerable<(long Id, long StoryId, long Fingerprint)> candidates, long print) =>
        candidates.OrderBy(c => TextFingerprint.Distance(c.Fingerprint, print)).Take(MaxTextComparisons);

    private static async Task<long?> FindStoryAsync(
        DbConnection connection, DbTransaction transaction, long id, long sourceId, string? canonical, long? fingerprint, long sortAt, ulong[] shingles)
    {
        if (canonical is not null)
        {
            var byUrl = await connection.ExecuteScalarAsync<long?>("""
                SELECT story_id FROM items
                WHERE canonical_url = @canonical AND source_id <> @sourceId AND id <> @id AND story_id IS NOT NULL
                ORDER BY sort_at, id LIMIT 1
                """, new { canonical, sourceId, id }, transaction);
            if (byUrl is not null)
            {
                return byUrl;
            }
        }

        if (fingerprint is not { } print)
        {
            return null;
        }

        var candidates = await connection.QueryAsync<(long Id, long StoryId, long Fingerprint)>("""
            SELECT * FROM (SELECT rowid, story_id, fingerprint FROM items INDEXED BY items_story_candidates
                WHERE sort_at BETWEEN @sortAt AND @to AND source_id <> @sourceId AND rowid <> @id
                  AND fingerprint IS NOT NULL AND story_id IS NOT NULL
                ORDER BY sort_at LIMIT @max)
            UNION ALL
            SELECT * FROM (SELECT rowid, story_id, fingerprint FROM items INDEXED BY items_story_candidates
                WHERE sort_at BETWEEN @from AND @sortAt - 1 AND source_id <> @sourceId AND rowid <> @id
                  AND fingerprint IS NOT NULL AND story_id IS NOT NULL
                ORDER BY sort_at DESC LIMIT @max)
            """, new { from = sortAt - Window, to = sortAt + Window, sortAt, sourceId, id, max = MaxCandidates }, transaction);
        foreach (var candidate in candidates.Where(c => TextFingerprint.AreNear(c.Fingerprint, print)))
        {
            var other = await connection.ExecuteScalarAsync<string?>("SELECT content_text FROM items WHERE id = @Id", new { candidate.Id }, transaction);
            if (TextFingerprint.Similarity(shingles, other) >= TextFingerprint.MinSimilarity)
            {
                return candidate.StoryId;
            }
        }

        return null;
    }
}
