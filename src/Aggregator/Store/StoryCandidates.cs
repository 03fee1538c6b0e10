using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// The stories a batch of new items of one source may join, read once for the whole batch: the
/// earliest story of each canonical address the batch carries, and, for a batch of many items close
/// in time (a first fetch, an archive, a bulk load), the fingerprints of other sources' items in the
/// time windows around it, read in one statement. A window holding more rows than its items would
/// read one by one (up to 300 each) is dropped, and those items ask the database one by one: a few
/// items a day apart in a busy store would otherwise read every item of those days for each fetch.
/// </summary>
internal sealed class StoryCandidates : IDisposable
{
    /// <summary>Fewer fingerprinted items than this ask one by one: a window read only pays for many items.</summary>
    private const int MinItemsForWindows = 32;

    private readonly Dictionary<string, long> _byUrl;
    private readonly List<Window> _windows;

    private readonly Func<NearbyPrints> _openNearby;
    private readonly RecentPrints? _recent;
    private readonly long _sourceId;
    private NearbyPrints? _nearby;

    private StoryCandidates(Dictionary<string, long> byUrl, List<Window> windows, Func<NearbyPrints> openNearby, RecentPrints? recent, long sourceId)
    {
        _byUrl = byUrl;
        _windows = windows;
        _openNearby = openNearby;
        _recent = recent;
        _sourceId = sourceId;
    }

    /// <summary>The earliest story of another source for each canonical address among the items, in one statement.</summary>
    public static Dictionary<string, long> StoriesByUrl(WriteTransaction write, long sourceId, IEnumerable<NewItem> items)
    {
        var stories = new Dictionary<string, long>(StringComparer.Ordinal);
        var urls = items.Select(i => i.Canonical).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (urls.Count == 0)
        {
            return stories;
        }

        using var reader = write.Statement("""
            SELECT canonical_url, story_id FROM items
            WHERE canonical_url IN (SELECT value FROM json_each(@urls)) AND source_id <> @sourceId AND story_id IS NOT NULL
            ORDER BY sort_at, id
            """).Bind("@urls", System.Text.Json.JsonSerializer.Serialize(urls)).Bind("@sourceId", sourceId).ExecuteReader();
        while (reader.Read())
        {
            stories.TryAdd(reader.GetString(0), reader.GetInt64(1));
        }

        return stories;
    }

    /// <param name="stories">The stories by canonical address (<see cref="StoriesByUrl"/>).</param>
    /// <param name="near">The items whose near-duplicates may be asked for (<see cref="StorySnapshot"/> reads them apart).</param>
    /// <param name="recent">Recent items' fingerprints in memory, asked before the database when they cover an item's window.</param>
    public static StoryCandidates Read(
        SqliteConnection connection, SqliteTransaction transaction, long sourceId, Dictionary<string, long> stories, IReadOnlyList<NewItem> near, RecentPrints? recent)
    {
        var windows = new List<Window>();
        var times = near.Where(i => i.Fingerprint is not null).Select(i => i.SortAt).ToList();
        if (times.Count >= MinItemsForWindows)
        {
            foreach (var (from, to, count) in Spans(times))
            {
                // What the items of this span would read one by one, at most: beyond it the window costs more.
                windows.Add(Window.Read(connection, transaction, sourceId, from, to, count * 2 * StoryLinker.MaxCandidates));
            }
        }

        return new StoryCandidates(stories, windows, () => new NearbyPrints(connection, transaction, sourceId), recent, sourceId);
    }

    /// <summary>The earliest story of another source with this canonical address.</summary>
    public long? ByUrl(string? canonical) => canonical is not null && _byUrl.TryGetValue(canonical, out var story) ? story : null;

    /// <summary>
    /// Near-duplicate candidates of an item, in the order the database would give them: up to
    /// <see cref="StoryLinker.MaxCandidates"/> from the item's time forward, then as many backward.
    /// From the batch's window when one holds the item, else from the recent prints in memory when they
    /// cover its window, else asked of the database.
    /// </summary>
    public IEnumerable<(long Id, long StoryId, long Fingerprint)> Near(long sortAt, long fingerprint)
    {
        var window = _windows.Find(w => w.From <= sortAt - StoryLinker.Window && sortAt + StoryLinker.Window <= w.To);
        return window is { Truncated: false }
            ? window.Near(sortAt, fingerprint)
            : _recent?.Near(sortAt, fingerprint, _sourceId) ?? (_nearby ??= _openNearby()).Near(sortAt, fingerprint);
    }

    public void Dispose() => _nearby?.Dispose();

    /// <summary>The item times' ±window spans, overlapping ones merged, with how many items each covers.</summary>
    private static List<(long From, long To, int Count)> Spans(IEnumerable<long> times)
    {
        var spans = new List<(long From, long To, int Count)>();
        foreach (var time in times.Order())
        {
            var (from, to) = (time - StoryLinker.Window, time + StoryLinker.Window);
            if (spans.Count > 0 && from <= spans[^1].To)
            {
                spans[^1] = (spans[^1].From, to, spans[^1].Count + 1);
            }
            else
            {
                spans.Add((from, to, 1));
            }
        }

        return spans;
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>Other sources' fingerprinted items in one time span, ordered by time.</summary>
    private sealed class Window(long from, long to, List<long> times, List<(long Id, long StoryId, long Fingerprint)> rows, bool truncated)
    {
        public long From => from;

        public long To => to;

        public bool Truncated => truncated;

        public static Window Read(SqliteConnection connection, SqliteTransaction transaction, long sourceId, long from, long to, int max)
        {
            using var command = Command(connection, transaction, """
                SELECT sort_at, rowid, story_id, fingerprint FROM items INDEXED BY items_story_candidates
                WHERE sort_at BETWEEN @from AND @to AND source_id <> @sourceId AND fingerprint IS NOT NULL AND story_id IS NOT NULL
                ORDER BY sort_at, rowid LIMIT @max
                """, ("@from", from), ("@to", to), ("@sourceId", sourceId), ("@max", max + 1));
            var times = new List<long>();
            var rows = new List<(long, long, long)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                times.Add(reader.GetInt64(0));
                rows.Add((reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
            }

            return new Window(from, to, times, rows, rows.Count > max);
        }

        public IEnumerable<(long Id, long StoryId, long Fingerprint)> Near(long sortAt, long fingerprint)
        {
            var start = FirstAtOrAfter(sortAt);
            for (var i = start; i < rows.Count && i < start + StoryLinker.MaxCandidates && times[i] <= sortAt + StoryLinker.Window; i++)
            {
                if (TextFingerprint.AreNear(rows[i].Fingerprint, fingerprint))
                {
                    yield return rows[i];
                }
            }

            for (var i = start - 1; i >= 0 && i >= start - StoryLinker.MaxCandidates && times[i] >= sortAt - StoryLinker.Window; i--)
            {
                if (TextFingerprint.AreNear(rows[i].Fingerprint, fingerprint))
                {
                    yield return rows[i];
                }
            }
        }

        private int FirstAtOrAfter(long time)
        {
            var index = times.BinarySearch(time);
            if (index < 0)
            {
                return ~index;
            }

            while (index > 0 && times[index - 1] == time)
            {
                index--;
            }

            return index;
        }
    }
}

/// <summary>
/// A new item about to be inserted, with what story linking needs computed before the write lock is
/// taken: its text's shingles (<see cref="TextFingerprint.ShinglesOf"/>) once, for both its fingerprint
/// and the comparisons with its candidates.
/// </summary>
internal sealed record NewItem(ItemDraft Draft, long SortAt, string? Canonical, ulong[] Shingles)
{
    public long? Fingerprint { get; } = TextFingerprint.Of(Shingles);

    public static NewItem Of(ItemDraft draft, long now) =>
        new(draft, ItemStore.SortAt(draft.Published.ToUnixMs(), now), CanonicalUrl.Of(draft.Url), TextFingerprint.ShinglesOf(draft.ContentText));
}
