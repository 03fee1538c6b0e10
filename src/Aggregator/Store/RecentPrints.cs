using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// The fingerprints of the recent items, in memory, ordered by time: where a new item's near-duplicate
/// candidates are looked up (<see cref="StoryCandidates.Near"/>). Asking SQLite for them read about
/// 300 index rows per item, 0.28 ms of CPU; this reads the same rows from an array. Covers the items
/// sorted at or after <see cref="Floor"/> (<see cref="Kept"/> back from now); an item whose window
/// reaches further back asks the database.
/// </summary>
/// <remarks>
/// Every row up to <see cref="Ceiling"/> is here: the write turn first takes in what other writers
/// (the CLI) stored since (<see cref="CatchUp"/>), and after its commit adds its own rows
/// (<see cref="Add"/>). Removals in this process (retention, a deleted source, reprocessing: counted by
/// <paramref name="removals"/>) drop the entries, and the next snapshot loads them again; so does a
/// catch-up that finds the newest ids gone (another process deleted them) or too much to take in. A row
/// updated in place keeps its old entry, so a candidate's story is read again before it is joined
/// (<see cref="StorySnapshot"/>), and a text is compared as it is stored.
/// </remarks>
/// <param name="removals">How many times items went away other than by an upsert; a change reloads the entries.</param>
internal sealed class RecentPrints(TimeProvider clock, Func<long>? removals = null)
{
    /// <summary>More rows than this stored by others since the ceiling and a catch-up drops the entries instead (a reload runs outside the turn).</summary>
    internal const int MaxCatchUp = 10_000;

    /// <summary>
    /// How far back the entries reach: a week, so an item published up to five days before its fetch
    /// has its whole window here. 40 bytes an item: 100,000 new items a day hold about 28 MB.
    /// </summary>
    public static readonly long Kept = (long)TimeSpan.FromDays(7).TotalMilliseconds;

    private readonly Lock _lock = new();
    private readonly Lock _loading = new();
    private List<Entry>? _entries;
    private long _removalsLoaded;

    /// <summary>Every fingerprinted item with this id or less and a time at or after <see cref="Floor"/> is held.</summary>
    public long Ceiling { get; private set; }

    public long Floor { get; private set; }

    /// <summary>
    /// Loads the entries on first use and after removals, from a read transaction's snapshot; one caller
    /// loads while the others wait for it.
    /// </summary>
    public void EnsureLoaded(SqliteConnection connection, SqliteTransaction transaction)
    {
        lock (_loading)
        {
            var removed = removals?.Invoke() ?? 0;
            lock (_lock)
            {
                if (_entries is not null && removed == _removalsLoaded)
                {
                    return;
                }

                _entries = null;
            }

            var floor = clock.GetUtcNow().ToUnixMs() - Kept;
            var ceiling = connection.ExecuteScalar<long>("SELECT coalesce(max(id), 0) FROM items", transaction: transaction);
            var entries = Read(connection, transaction, "sort_at >= @floor AND rowid <= @ceiling", new { floor, ceiling });
            entries.Sort(EntryOrder.Instance);
            lock (_lock)
            {
                (_entries, Floor, Ceiling, _removalsLoaded) = (entries, floor, ceiling, removed);
            }
        }
    }

    /// <summary>Drops the entries; the next snapshot loads them again.</summary>
    public void Drop()
    {
        lock (_lock)
        {
            _entries = null;
        }
    }

    /// <summary>
    /// Takes in, inside a write turn, the rows other writers stored since <see cref="Ceiling"/>, so that
    /// the rows this turn adds continue the run of ids held here. Returns the ceiling to hand back to
    /// <see cref="Add"/>, or null when nothing is loaded yet.
    /// </summary>
    public long? CatchUp(WriteTransaction write)
    {
        long ceiling;
        lock (_lock)
        {
            if (_entries is null)
            {
                return null;
            }

            ceiling = Ceiling;
        }

        var stored = (long)write.Statement("SELECT coalesce(max(id), 0) FROM items").ExecuteScalar()!;
        if (stored < ceiling || stored - ceiling > MaxCatchUp)
        {
            // The newest ids were deleted (and will be handed out again), or a bulk load ran: start over.
            Drop();
            return null;
        }

        if (stored > ceiling)
        {
            var rows = new List<Entry>();
            using (var reader = write.Statement($"{Select} WHERE rowid > @ceiling AND {Printed}").Bind("@ceiling", ceiling).ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add(new Entry(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
                }
            }

            Add(rows, ceiling, stored);
        }

        return stored;
    }

    /// <summary>
    /// Adds committed rows, the ids after <paramref name="after"/> up to <paramref name="upTo"/>; ignored
    /// unless this holds every row up to <paramref name="after"/>, so no run of ids is ever skipped.
    /// </summary>
    public void Add(IEnumerable<Entry> rows, long after, long upTo)
    {
        lock (_lock)
        {
            if (_entries is null || Ceiling != after)
            {
                return;
            }

            var kept = rows.Where(r => r.SortAt >= Floor).ToList();
            if (kept.Count > 64)
            {
                // A catch-up's many rows: one sort, not a move of the tail per row.
                _entries.AddRange(kept);
                _entries.Sort(EntryOrder.Instance);
            }
            else
            {
                foreach (var row in kept)
                {
                    var at = _entries.BinarySearch(row, EntryOrder.Instance);
                    _entries.Insert(at < 0 ? ~at : at, row);
                }
            }

            Ceiling = upTo;
            AgeOut();
        }
    }

    /// <summary>
    /// Other sources' items near <paramref name="sortAt"/>, as the database query of
    /// <see cref="NearbyPrints"/> gives them: up to <see cref="StoryLinker.MaxCandidates"/> from its
    /// time forward, then as many backward, filtered to fingerprints near this one. Null when the
    /// window reaches below <see cref="Floor"/> or nothing is loaded.
    /// </summary>
    public List<(long Id, long StoryId, long Fingerprint)>? Near(long sortAt, long fingerprint, long sourceId)
    {
        lock (_lock)
        {
            if (_entries is null || sortAt - StoryLinker.Window < Floor)
            {
                return null;
            }

            var near = new List<(long Id, long StoryId, long Fingerprint)>();
            var start = FirstAtOrAfter(sortAt);
            for (var (i, taken) = (start, 0); i < _entries.Count && taken < StoryLinker.MaxCandidates && _entries[i].SortAt <= sortAt + StoryLinker.Window; i++)
            {
                Take(_entries[i], ref taken);
            }

            for (var (i, taken) = (start - 1, 0); i >= 0 && taken < StoryLinker.MaxCandidates && _entries[i].SortAt >= sortAt - StoryLinker.Window; i--)
            {
                Take(_entries[i], ref taken);
            }

            return near;

            void Take(Entry entry, ref int taken)
            {
                if (entry.SourceId == sourceId)
                {
                    return;
                }

                taken++;
                if (TextFingerprint.AreNear(entry.Fingerprint, fingerprint))
                {
                    near.Add((entry.Id, entry.StoryId, entry.Fingerprint));
                }
            }
        }
    }

    private const string Select = "SELECT sort_at, rowid, story_id, fingerprint, source_id FROM items";

    private const string Printed = "fingerprint IS NOT NULL AND story_id IS NOT NULL";

    private static List<Entry> Read(SqliteConnection connection, SqliteTransaction transaction, string where, object parameters) =>
        [.. connection.Query<(long SortAt, long Id, long StoryId, long Fingerprint, long SourceId)>(
            $"{Select} WHERE {where} AND {Printed}", parameters, transaction).Select(r => new Entry(r.SortAt, r.Id, r.StoryId, r.Fingerprint, r.SourceId))];

    /// <summary>Drops a day of entries at a time once they are older than <see cref="Kept"/>.</summary>
    private void AgeOut()
    {
        var floor = clock.GetUtcNow().ToUnixMs() - Kept;
        if (floor - Floor < StoryLinker.Window / 2)
        {
            return;
        }

        var end = FirstAtOrAfter(floor);
        _entries!.RemoveRange(0, end);
        Floor = floor;
    }

    private int FirstAtOrAfter(long sortAt)
    {
        var at = _entries!.BinarySearch(new Entry(sortAt, long.MinValue, 0, 0, 0), EntryOrder.Instance);
        return at < 0 ? ~at : at;
    }

    /// <summary>One fingerprinted item.</summary>
    internal readonly record struct Entry(long SortAt, long Id, long StoryId, long Fingerprint, long SourceId);

    private sealed class EntryOrder : IComparer<Entry>
    {
        public static readonly EntryOrder Instance = new();

        public int Compare(Entry x, Entry y) => x.SortAt != y.SortAt ? x.SortAt.CompareTo(y.SortAt) : x.Id.CompareTo(y.Id);
    }
}
