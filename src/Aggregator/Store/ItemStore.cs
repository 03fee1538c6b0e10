using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>The <c>items</c> table, its categories and its full-text index.</summary>
internal sealed partial class ItemStore(Database database, TimeProvider clock, StoreChanges? changes = null, QueryLimits? limits = null)
{
    private readonly QueryLimits _limits = limits ?? QueryLimits.Default;

    /// <summary>Snippet highlight markers: private-use characters that never occur in stored text, turned into markup by the API.</summary>
    public const char MarkStart = '\uE000';
    public const char MarkEnd = '\uE001';

    /// <summary>Entry hashes of the given keys already stored for a source, so unchanged entries are skipped.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetEntryHashesAsync(
        long sourceId, IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Key, string Hash)>(
            "SELECT item_key, entry_hash FROM items WHERE source_id = @sourceId AND item_key IN @keys",
            new { sourceId, keys });
        return rows.ToDictionary(r => r.Key, r => r.Hash, StringComparer.Ordinal);
    }

    public async Task<Item?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{ItemRow.Select} WHERE i.id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (await ItemRow.ReadAllAsync(command, ct)).SingleOrDefault();
    }

    /// <summary>
    /// One page of items in the filter's order; asks for one more than the limit to tell if more follow.
    /// Picks the ids first, so the sort never carries whole rows, then reads those rows and their snippets.
    /// </summary>
    public async Task<IReadOnlyList<Item>> ListAsync(ItemFilter filter, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixMs();
        await using var connection = await database.OpenAsync(ct);
        // One read transaction, so one snapshot: a search's window bound, its page and the page's rows
        // are read together, and an item that an ingest re-dates meanwhile cannot slip between them.
        await using var read = connection.BeginTransaction(deferred: true);
        // A prefix is read as the OR of its terms (ItemTerms): the same matches, read lazily.
        var expansion = filter.Match is null ? null : await ItemTerms.ExpandAsync(connection, read, filter.Match, ct);
        var search = filter with { Match = expansion?.Match };
        var (fromWhere, parameters) = ItemSql.FromWhere(search);
        parameters.Add("now", now);
        parameters.Add("limit", filter.Limit + 1);
        parameters.Add("offset", filter.Order == ItemOrder.Relevance ? filter.Offset : 0);
        var ids = search switch
        {
            { Match: not null, Order: ItemOrder.Newest, OnFetched: false } => await NewestMatchesAsync(read, search, fromWhere, parameters, now, ct),
            { Match: not null, Order: ItemOrder.Relevance } => await RelevantMatchesAsync(read, search, expansion!, fromWhere, parameters, now, ct),
            _ => await IdsAsync(read, $"SELECT i.id {fromWhere}{ItemSql.OrderBy(search)} LIMIT @limit OFFSET @offset", parameters, ct),
        };
        if (ids.Count == 0)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        command.Transaction = read;
        // Snippets pick their terms from the texts, so a search that shows them reads the text.
        var withText = filter.ContentText || (expansion is not null && filter.Snippets);
        command.CommandText = $"{(withText ? ItemRow.Select : ItemRow.SelectWithoutText)} WHERE i.id IN {IdList.Sql("$ids")}";
        command.Parameters.AddWithValue("$ids", IdList.Json(ids));
        var rows = (await ItemRow.ReadAllAsync(command, ct)).ToDictionary(r => r.Id);
        var snippets = expansion is null || !filter.Snippets ? null : await SnippetsAsync(read, expansion, rows.Values, ct);
        return [.. ids.Where(rows.ContainsKey).Select(id => snippets is null ? rows[id] : rows[id] with { Snippet = snippets.GetValueOrDefault(id) })];
    }

    /// <summary>
    /// The snippets of a page's items: one evaluation of the expression, over the page's texts only
    /// (<see cref="PrefixExpansion.For"/>). FTS5 cannot seek to the ids of an IN list and would walk every
    /// match; the range of the page's ids it can seek to, which is narrow for a newest-first page, and the
    /// unary plus keeps the id list out of FTS5's plan.
    /// </summary>
    private static async Task<Dictionary<long, string>> SnippetsAsync(
        SqliteTransaction read, PrefixExpansion expansion, IReadOnlyCollection<Item> items, CancellationToken ct)
    {
        var rows = await read.Connection!.QueryAsync<(long Id, string? Snippet)>(new CommandDefinition(
            $"""
            SELECT rowid, snippet(items_fts, -1, char(57344), char(57345), '…', 24) FROM items_fts
            WHERE items_fts MATCH @match AND rowid BETWEEN @low AND @high AND +rowid IN {IdList.Sql("@ids")}
            """,
            new
            {
                match = expansion.For(items.SelectMany(i => new[] { i.Title, i.ContentText })),
                ids = IdList.Json(items.Select(i => i.Id)),
                low = items.Min(i => i.Id),
                high = items.Max(i => i.Id),
            },
            read,
            cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => r.Snippet ?? "");
    }

    /// <summary>
    /// A relevance page without scoring every match: scoring costs FTS5 a few microseconds a match, seconds
    /// for the broad searches of a million items. The page is read from <see cref="RankedMatchesAsync"/>,
    /// which stops once the page is full, so offsets stay consistent from page to page.
    /// </summary>
    private async Task<List<long>> RelevantMatchesAsync(
        SqliteTransaction read, ItemFilter filter, PrefixExpansion expansion, string fromWhere, DynamicParameters parameters, long now, CancellationToken ct)
    {
        var (skip, ids) = (filter.Offset, new List<long>(filter.Limit + 1));
        await foreach (var id in RankedMatchesAsync(read, expansion, fromWhere, parameters, now, ct))
        {
            if (skip > 0)
            {
                skip--;
                continue;
            }

            ids.Add(id);
            if (ids.Count > filter.Limit)
            {
                break;
            }
        }

        return ids;
    }

    /// <summary>
    /// Every match of a search in relevance order, read as the caller consumes it: the matches most
    /// recently stored first (FTS5 reads its index backwards and stops) in blocks of
    /// <see cref="QueryLimits.RelevanceCandidates"/>, each block ordered by bm25 blended with recency. A
    /// search with fewer matches than a block is ranked exactly. A search made only of prefixes is scored
    /// with each prefix as one phrase (<see cref="PrefixRelevance"/>), from <see cref="PhraseFrequencies"/>'
    /// counts, without bm25 counting the documents of every term of every prefix over the whole index.
    /// Pages and exports read the same stream, so an export is its pages one after another.
    /// </summary>
    private async IAsyncEnumerable<long> RankedMatchesAsync(
        SqliteTransaction read, PrefixExpansion expansion, string fromWhere, DynamicParameters parameters, long now,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var prefixes = expansion.OnlyPrefixes && expansion.PhrasePrefixes!.Count <= PhraseFrequencies.MaxPhrases;
        var score = prefixes ? $"{PhraseFrequencies.Name}(items_fts, 10.0, 1.0)" : "bm25(items_fts, 10.0, 1.0)";
        await using var reader = await read.Connection!.ExecuteReaderAsync(new CommandDefinition(
            $"SELECT i.id, i.sort_at, {score} {fromWhere} ORDER BY f.rowid DESC", parameters, read, cancellationToken: ct));
        var block = _limits.RelevanceCandidates;
        bool? exact = null;
        var part = new List<(long Id, long SortAt, object Score)>(block);
        do
        {
            part.Clear();
            while (part.Count < block && await reader.ReadAsync(ct))
            {
                part.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetValue(2)));
            }

            // The prefixes' document counts are the block's own, exact when the whole search is one short block.
            exact ??= part.Count < block;
            var scores = prefixes
                ? PrefixRelevance.Score([.. part.Select(c => (c.Id, (byte[])c.Score))], expansion.PhrasePrefixes!, exact.Value)
                : [.. part.Select(c => (double)c.Score)];
            foreach (var id in part.Select((c, n) => (c.Id, c.SortAt, Score: scores[n]))
                .OrderBy(c => ItemSql.Relevance(c.Score, c.SortAt, now)).ThenByDescending(c => c.Id).Select(c => c.Id))
            {
                yield return id;
            }
        }
        while (part.Count == block);
    }

    /// <summary>
    /// The newest page of a search without sorting every match: ids grow with time nearly always, so the
    /// search first looks only at items newer than a recent instant, from the smallest id among them on,
    /// which the full-text index seeks to directly. A window that holds a whole page holds the newest
    /// page: every item newer than its start is in it. Else the window widens, and last the whole store.
    /// </summary>
    private async Task<List<long>> NewestMatchesAsync(
        SqliteTransaction read, ItemFilter filter, string fromWhere, DynamicParameters parameters, long now, CancellationToken ct)
    {
        var sql = $"SELECT i.id {fromWhere} AND i.sort_at >= @windowFrom AND f.rowid >= @windowId{ItemSql.OrderBy(filter)} LIMIT @limit";
        // From the cursor, else from the newest item, or now when items are dated in the future.
        var anchor = filter.After?.SortAt ?? await read.Connection!.ExecuteScalarAsync<long?>("SELECT min(max(sort_at), @now) FROM items", new { now }, read);
        for (var window = 0; window < SearchWindowHours.Length && anchor is not null; window++)
        {
            // A search with few matches (a rare word) is cheaper to read whole than window by window,
            // and the windows would end in that read anyway when its page is older than a month.
            if (window == 1 && await CountMatchesAsync(read, filter.Match!, _limits.DirectSearch, ct) < _limits.DirectSearch)
            {
                break;
            }

            var from = anchor.Value - (SearchWindowHours[window] * ItemHours.HourMs);
            var minId = await ItemHours.FirstIdFromAsync(read, from, ct);
            if (minId is null)
            {
                break;
            }

            var ids = await IdsAsync(read, sql, new DynamicParameters(parameters).With("windowFrom", from).With("windowId", minId), ct);
            if (ids.Count > filter.Limit)
            {
                return ids;
            }
        }

        return await IdsAsync(read, $"SELECT i.id {fromWhere}{ItemSql.OrderBy(filter)} LIMIT @limit", parameters, ct);
    }

    /// <summary>How many items the expression matches, counting no further than <paramref name="cap"/>: FTS5 alone, no rows read.</summary>
    private static Task<long> CountMatchesAsync(SqliteTransaction read, string match, int cap, CancellationToken ct) =>
        read.Connection!.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH @match LIMIT @cap)", new { match, cap }, read, cancellationToken: ct));

    /// <summary>
    /// The search windows, in hours back from the newest item (or the cursor), tried in turn: three hours
    /// hold a page of a common word, a day, a week and a month the rarer ones. Few and far apart: every
    /// window evaluates the expression again, and a broad prefix costs a merge of all its terms each time
    /// (a finer series, 1-4-12-24-72-168-720 h, measured 72 ms CPU per search at 1M against 42).
    /// </summary>
    private static readonly int[] SearchWindowHours = [3, 24, 7 * 24, 30 * 24];

    private static async Task<List<long>> IdsAsync(SqliteTransaction read, string sql, DynamicParameters parameters, CancellationToken ct) =>
        [.. await read.Connection!.QueryAsync<long>(new CommandDefinition(sql, parameters, read, cancellationToken: ct))];

    /// <summary>
    /// The items an FTS5 expression matches, as a listing leaves them out (<see cref="ItemFilter.Blocked"/>):
    /// at most <paramref name="max"/> of the most recently stored, which FTS5 reads from the end of its index.
    /// </summary>
    public async Task<BlockedItems> MatchesToLeaveOutAsync(string match, int max, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        // The ceiling first: an item stored after it is looked up on its own, so none slips between the two reads.
        var ceiling = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT max(id) FROM items", cancellationToken: ct)) ?? 0;
        // The JSON array is built by SQLite: one row back instead of thousands.
        var (ids, count, lowest) = await connection.QuerySingleAsync<(string Ids, long Count, long? Lowest)>(new CommandDefinition("""
            SELECT json_group_array(rowid), count(*), min(rowid) FROM (
                SELECT rowid FROM items_fts WHERE items_fts MATCH @match AND rowid <= @ceiling ORDER BY rowid DESC LIMIT @max)
            """, new { match, max, ceiling }, cancellationToken: ct));
        return new BlockedItems(match, ids, count < max ? long.MinValue : lowest!.Value, ceiling);
    }
}

internal static class DynamicParametersExtensions
{
    public static DynamicParameters With(this DynamicParameters parameters, string name, object? value)
    {
        parameters.Add(name, value);
        return parameters;
    }
}
