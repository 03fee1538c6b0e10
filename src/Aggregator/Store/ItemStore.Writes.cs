using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace Aggregator.Store;

/// <summary>The write side of <see cref="ItemStore"/>: upserts of fetched entries, with their story links and index writes, in one write turn.</summary>
internal sealed partial class ItemStore
{
    private readonly KnownTerms _knownTerms = new();

    private readonly RecentPrints _recentPrints = new(clock, changes is { } watched ? () => watched.Removals : null);

    /// <summary>Batches of at least this many items are prepared in parallel; below it the hand-off costs more than it saves.</summary>
    private const int ParallelPreparation = 64;

    /// <summary>
    /// Inserts new items and updates changed ones: rows, categories and FTS index in one transaction.
    /// The index and the categories are written once per batch from the stored rows (STACK.md: per-row
    /// index writes cost an order of magnitude in ingest rate).
    /// </summary>
    public Task<UpsertCounts> UpsertAsync(long sourceId, IReadOnlyList<ItemDraft> drafts, CancellationToken ct = default) =>
        UpsertAsync(sourceId, drafts, then: null, ct);

    /// <param name="then">
    /// More writes in the same write turn, given the counts: a refresh records its outcome there, so a
    /// fetch takes the turn (and commits) once. If they fail, the items are not stored either.
    /// </param>
    public async Task<UpsertCounts> UpsertAsync(
        long sourceId, IReadOnlyList<ItemDraft> drafts, Func<UpsertCounts, WriteTransaction, Task>? then, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixMs();

        // Addresses and shingles are computed before the write lock is taken: hashing texts is the
        // costliest part of story linking, and other sources' writes wait while the lock is held. A big
        // batch (a first fetch, an archive, a bulk load) hashes on every core.
        var distinct = drafts.DistinctBy(d => d.Key).ToList();
        var items = distinct.Count >= ParallelPreparation
            ? distinct.AsParallel().AsOrdered().Select(d => NewItem.Of(d, now)).ToList()
            : distinct.ConvertAll(d => NewItem.Of(d, now));
        var terms = ItemTerms.Split(distinct, _knownTerms);
        var snapshot = await StorySnapshot.ReadAsync(database, _recentPrints, sourceId, items, ct);
        await using var write = await database.BeginAppendingWriteAsync(ct);
        // Ids (taken in the turn) and fetch times rise together (facets rely on it: ItemFacets.PeriodsFrom):
        // the preparation's time, unless a caller that prepared later wrote first, or another process
        // wrote later ones; then the newest stored fetch time. So an undated item sorts at its fetch time,
        // as the schema says, but for that race.
        var fetched = Math.Max(now, write.Statement("SELECT max(fetched_at) FROM items").ExecuteScalar() is long newest ? newest : long.MinValue);
        var (connection, transaction) = (write.Connection, write.Transaction);
        items = WithoutRemoved(write, sourceId, items);
        var existing = Existing(write, sourceId, items);
        var written = new List<long>();
        var unsplit = new List<long>();
        var updated = 0;
        var changed = items.Where(i => existing.TryGetValue(i.Draft.Key, out var old) && old.Hash != i.Draft.EntryHash).ToList();
        if (changed.Count > 0)
        {
            // An update takes the row's old text out of the index: it must be there, not left to the commit.
            write.IndexPending();
        }

        foreach (var item in changed)
        {
            var id = await UpdateAsync(connection, transaction, existing[item.Draft.Key], ToParameters(sourceId, item.Draft, fetched));
            await StoryLinker.LinkAsync(connection, transaction, id, sourceId, item);
            written.Add(id);
            updated++;
            if (terms.UnsplitKeys.Contains(item.Draft.Key))
            {
                unsplit.Add(id);
            }
        }

        List<NewItem> fresh = [.. items.Where(i => !existing.ContainsKey(i.Draft.Key))];
        var firstNew = written.Count;
        var printed = new List<RecentPrints.Entry>();
        // Before any id is taken: the recent prints then hold every row up to the first id written here.
        var printedUpTo = fresh.Count == 0 ? null : _recentPrints.CatchUp(write);
        var added = Insert(write, sourceId, fresh, fetched, written, snapshot, printed);
        // InsertAsync appends the new items' ids in their order.
        unsplit.AddRange(fresh.Select((item, n) => (item, id: written[firstNew + n]))
            .Where(p => terms.UnsplitKeys.Contains(p.item.Draft.Key)).Select(p => p.id));
        await ItemWrites.IndexAsync(write, written, terms, unsplit);
        var counts = new UpsertCounts(added, updated);
        if (then is not null)
        {
            await then(counts, write);
        }

        // Known only once committed: a fetch preparing meanwhile must not leave out a term a failed group took with it.
        write.OnGroupCommit(() => _knownTerms.Committed(terms.Terms));
        write.OnGroupFailure(_recentPrints.Drop);
        await write.CommitAsync(inTurn: () =>
        {
            if (printedUpTo is { } upTo && added > 0)
            {
                // Still in the turn: no other writer of this process has stored anything since the catch-up.
                _recentPrints.Add(printed, upTo, written[^1]);
            }
        }, ct);
        changes?.Record(counts);
        return counts;
    }

    /// <summary>
    /// Drops entries retention removed (their tombstone has not expired), so a feed that still carries
    /// an old entry does not bring it back. Kept apart from the upsert itself: one primary-key lookup.
    /// </summary>
    private static List<NewItem> WithoutRemoved(WriteTransaction write, long sourceId, List<NewItem> items)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = write.Statement("SELECT item_key FROM item_tombstones WHERE source_id = @sourceId AND item_key IN (SELECT value FROM json_each(@keys))")
            .Bind("@sourceId", sourceId).Bind("@keys", KeysJson(items)).ExecuteReader())
        {
            while (reader.Read())
            {
                removed.Add(reader.GetString(0));
            }
        }

        return removed.Count == 0 ? items : [.. items.Where(i => !removed.Contains(i.Draft.Key))];
    }

    /// <summary>The stored entries of the items' keys, by key.</summary>
    private static Dictionary<string, StoredEntry> Existing(WriteTransaction write, long sourceId, List<NewItem> items)
    {
        var existing = new Dictionary<string, StoredEntry>(StringComparer.Ordinal);
        using var reader = write.Statement("""
            SELECT item_key, id, entry_hash, title, content_text FROM items
            WHERE source_id = @sourceId AND item_key IN (SELECT value FROM json_each(@keys))
            """).Bind("@sourceId", sourceId).Bind("@keys", KeysJson(items)).ExecuteReader();
        while (reader.Read())
        {
            var key = reader.GetString(0);
            existing[key] = new StoredEntry(
                key, reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        }

        return existing;
    }

    private static string KeysJson(List<NewItem> items) => JsonSerializer.Serialize(items.Select(i => i.Draft.Key));

    /// <summary>Inserts new items with ids taken in order from the end of the table (the write lock is held, so no one else takes them).</summary>
    /// <param name="snapshot">Story candidates read before the turn; when too much was stored since, the turn reads them itself.</param>
    /// <param name="printed">Gets the fingerprinted rows written, for the recent prints once they are committed.</param>
    private static int Insert(
        WriteTransaction write, long sourceId, List<NewItem> items, long now, List<long> written, StorySnapshot snapshot,
        List<RecentPrints.Entry> printed)
    {
        if (items.Count == 0)
        {
            return 0;
        }

        var since = snapshot.ReadSince(write, sourceId);
        // Items the snapshot proposed for need only their addresses looked up here. The others ask the
        // database itself, not the recent prints: what the turn decides alone it decides on live rows.
        using var candidates = StoryCandidates.Read(
            write.Connection, write.Transaction, sourceId, StoryCandidates.StoriesByUrl(write, sourceId, items),
            near: since is null ? items : [.. items.Where(i => !since.Proposed(i))], recent: null);
        var nextId = (long)write.Statement("SELECT coalesce(max(id), 0) + 1 FROM items").ExecuteScalar()!;
        var inserter = new ItemInserter(write);
        foreach (var item in items)
        {
            var id = nextId++;
            var story = StoryLinker.StoryOf(write.Connection, write.Transaction, candidates, since, item) ?? id;
            inserter.Insert(id, sourceId, item, now, story);
            written.Add(id);
            if (item.Fingerprint is { } print)
            {
                printed.Add(new RecentPrints.Entry(item.SortAt, id, story, print, sourceId));
            }
        }

        return items.Count;
    }

    /// <summary>
    /// Where a new item sorts: when it was published, else when it was fetched, and never later than the
    /// fetch. A feed that dates an entry in the future (a wrong time zone, a scheduled post) would
    /// otherwise hold it at the top of every listing until that time, and pin the search windows'
    /// lower bound to its old id. The claimed date itself is kept in <c>published_at</c>.
    /// </summary>
    internal static long SortAt(long? published, long fetched) => published is { } p && p <= fetched ? p : fetched;

    private static async Task<long> UpdateAsync(DbConnection connection, DbTransaction transaction, StoredEntry previous, object row)
    {
        await connection.ExecuteAsync(
            "INSERT INTO items_fts (items_fts, rowid, title, content_text) VALUES ('delete', @Id, @Title, @ContentText)",
            previous, transaction);
        await connection.ExecuteAsync("DELETE FROM item_categories WHERE item_id = @Id", new { previous.Id }, transaction);
        await connection.ExecuteAsync(ItemWrites.Update, new DynamicParameters(row).With("id", previous.Id), transaction);
        return previous.Id;
    }

    /// <summary>What is stored of an entry: enough to skip it when unchanged and to take it out of the index.</summary>
    private sealed record StoredEntry(string Key, long Id, string Hash, string? Title, string? ContentText);

    private static object ToParameters(long sourceId, ItemDraft draft, long now) => new
    {
        SourceId = sourceId,
        draft.Key,
        draft.Guid,
        draft.Url,
        draft.Title,
        draft.Author,
        Published = draft.Published.ToUnixMs(),
        Updated = draft.Updated.ToUnixMs(),
        FetchedAt = now,
        draft.Summary,
        draft.ContentHtml,
        draft.ContentText,
        Categories = JsonSerializer.Serialize(draft.Categories),
        Enclosures = JsonSerializer.Serialize(draft.Enclosures, StoreJson.Options),
        draft.EntryHash,
        Language = LanguageTag.Normalize(draft.Language),
        draft.FeedSummary,
        draft.FeedContent,
    };
}
