using Dapper;

namespace Aggregator.Store;

/// <summary>
/// The near-duplicate half of story linking, worked out before the write turn on a snapshot of the
/// store: each new item's closest candidates and whether their texts match. Scanning about 300 index
/// rows per item and comparing texts held the single writer for about 40 % of a fetch's turn, while
/// the other fetches waited; on a snapshot they run beside the writer. Inside the turn only the items
/// stored since the snapshot (<see cref="Since"/>) are looked at, so the outcome is what the turn
/// would have found itself, give or take which of two equally near candidates comes first.
/// </summary>
internal sealed class StorySnapshot
{
    /// <summary>
    /// More items stored since the snapshot than this and the turn reads the candidates itself
    /// (<see cref="StoryCandidates"/>): a bulk load beside a fetch would otherwise make a fetch's turn
    /// read every row that load wrote.
    /// </summary>
    internal const int MaxSince = 2_000;

    private readonly long _ceiling;
    private readonly Dictionary<string, List<Proposal>> _proposals;

    private StorySnapshot(long ceiling, Dictionary<string, List<Proposal>> proposals)
    {
        _ceiling = ceiling;
        _proposals = proposals;
    }

    /// <summary>
    /// The closest candidates of each item not yet stored, nearest fingerprints first, up to and
    /// including the first whose text matches (the later ones would never be reached).
    /// </summary>
    public static async Task<StorySnapshot> ReadAsync(Database database, RecentPrints recent, long sourceId, IReadOnlyList<NewItem> items, CancellationToken ct)
    {
        var printed = items.Where(i => i.Fingerprint is not null).ToList();
        if (printed.Count == 0)
        {
            return new StorySnapshot(long.MaxValue, []);
        }

        await using var connection = await database.OpenAsync(ct);
        await using var read = connection.BeginTransaction(deferred: true);
        // The ceiling first: it starts the snapshot. Every row at or under it is then both in the snapshot
        // and in the recent prints (which only ever take in more), whichever the candidates come from;
        // the turn looks at every row above it.
        var stored = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(id), 0) FROM items", transaction: read);
        recent.EnsureLoaded(connection, read);
        var ceiling = Math.Min(stored, recent.Ceiling);
        var known = (await connection.QueryAsync<string>(
            "SELECT item_key FROM items WHERE source_id = @sourceId AND item_key IN (SELECT value FROM json_each(@keys))",
            new { sourceId, keys = System.Text.Json.JsonSerializer.Serialize(printed.Select(i => i.Draft.Key)) }, read)).ToHashSet(StringComparer.Ordinal);
        var fresh = printed.Where(i => !known.Contains(i.Draft.Key)).ToList();
        using var candidates = StoryCandidates.Read(connection, read, sourceId, [], near: fresh, recent);
        using var text = StoryCandidates.Command(connection, read, "SELECT content_text FROM items WHERE id = @id", ("@id", 0L));
        var proposals = new Dictionary<string, List<Proposal>>(StringComparer.Ordinal);
        foreach (var item in fresh)
        {
            var print = item.Fingerprint!.Value;
            var list = new List<Proposal>();
            // Rows above the ceiling (the recent prints may already hold some the snapshot cannot see)
            // are the turn's to compare (ReadSince): here their text would read as missing.
            foreach (var (id, _, fingerprint) in StoryLinker.Nearest(candidates.Near(item.SortAt, print).Where(c => c.Id <= ceiling), print))
            {
                text.Parameters[0].Value = id;
                var similar = TextFingerprint.Similarity(item.Shingles, text.ExecuteScalar() as string) >= TextFingerprint.MinSimilarity;
                list.Add(new Proposal(id, TextFingerprint.Distance(fingerprint, print), similar));
                if (similar)
                {
                    break;
                }
            }

            proposals[item.Draft.Key] = list;
        }

        return new StorySnapshot(ceiling, proposals);
    }

    /// <summary>
    /// What was stored since the snapshot, read inside the turn; null when too much was and the turn
    /// must read the candidates itself.
    /// </summary>
    public Since? ReadSince(WriteTransaction write, long sourceId)
    {
        if (_proposals.Count == 0)
        {
            return new Since(this, [], write);
        }

        var rows = new List<(long Id, long StoryId, long Fingerprint, long SortAt)>();
        using (var reader = write.Statement("""
            SELECT rowid, story_id, fingerprint, sort_at FROM items
            WHERE rowid > @ceiling AND source_id <> @sourceId AND fingerprint IS NOT NULL AND story_id IS NOT NULL
            ORDER BY rowid LIMIT @max
            """).Bind("@ceiling", _ceiling).Bind("@sourceId", sourceId).Bind("@max", MaxSince + 1).ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        return rows.Count > MaxSince ? null : new Since(this, rows, write);
    }

    /// <summary>A candidate read on the snapshot: how near its fingerprint is, and whether its text matched.</summary>
    private readonly record struct Proposal(long Id, int Distance, bool Similar);

    /// <summary>The snapshot's proposals joined with the other sources' items stored since it, inside the turn.</summary>
    internal sealed class Since(StorySnapshot snapshot, List<(long Id, long StoryId, long Fingerprint, long SortAt)> rows, WriteTransaction write)
    {
        /// <summary>
        /// The story a new item joins by its text, or null for a story of its own; false when the item
        /// was not proposed for on the snapshot (it was stored then), so the caller asks the turn itself.
        /// </summary>
        public bool Proposed(NewItem item) => item.Fingerprint is not null && snapshot._proposals.ContainsKey(item.Draft.Key);

        public bool TryStoryOf(NewItem item, out long? story)
        {
            story = null;
            if (item.Fingerprint is not { } print)
            {
                return true;
            }

            if (!snapshot._proposals.TryGetValue(item.Draft.Key, out var proposals))
            {
                return false;
            }

            var recent = rows
                .Where(r => Math.Abs(r.SortAt - item.SortAt) <= StoryLinker.Window && TextFingerprint.AreNear(r.Fingerprint, print))
                .Select(r => (r.Id, Distance: TextFingerprint.Distance(r.Fingerprint, print), Similar: (bool?)null));
            // A row stored since the snapshot may already have been among the proposals (the recent
            // prints had it): the proposal, with its text compared, counts.
            var merged = proposals.Select(p => (p.Id, p.Distance, Similar: (bool?)p.Similar)).Concat(recent)
                .DistinctBy(c => c.Id)
                .OrderBy(c => c.Distance)
                .Take(StoryLinker.MaxTextComparisons);
            foreach (var (id, _, similar) in merged)
            {
                if (similar ?? TextFingerprint.Similarity(item.Shingles, Read("content_text", id) as string) >= TextFingerprint.MinSimilarity)
                {
                    // Its story as it is now: relinked or removed since the snapshot, it may be another or none.
                    if (Read("story_id", id) is long joined)
                    {
                        story = joined;
                        return true;
                    }
                }
            }

            return true;
        }

        private object? Read(string column, long id) => write.Statement($"SELECT {column} FROM items WHERE id = @id").Bind("@id", id).ExecuteScalar();
    }
}
