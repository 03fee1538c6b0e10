using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>What a facet counts items by.</summary>
internal enum FacetKind
{
    Source,
    Category,
    Author,
    Language,
    Day,
    Week,
    Month,
}

/// <summary>
/// One facet value: <see cref="Label"/> names it when the value is an id (a source's title).
/// <see cref="Count"/> is counted over the matches read; <see cref="Estimate"/> scales it to every match
/// when only a sample was read (periods are not scaled: a sample lists only the periods it holds whole).
/// </summary>
internal sealed record FacetValue(string Value, string? Label, long Count, long Estimate);

/// <summary>
/// Facet counts for a query. Up to <see cref="QueryLimits.FacetSample"/> matches they are exact; beyond,
/// they count a sample of <see cref="SampleSize"/> recent matches (<see cref="Sampled"/>), <see cref="Total"/>
/// is an estimate unless a cheap count gave it (<see cref="TotalExact"/>), and the periods are those that
/// start at or after <see cref="PeriodsFrom"/>, from when the sample holds every match.
/// </summary>
internal sealed record FacetCounts(
    long Total, bool TotalExact, bool Sampled, int SampleSize, DateTimeOffset? PeriodsFrom, IReadOnlyDictionary<FacetKind, IReadOnlyList<FacetValue>> Facets);

/// <summary>
/// Counts by source, category, author, language and period over the items a filter matches. One
/// statement reads a bounded set of matches (their ids by the filter's best index, then the facet
/// columns from the covering index <c>items_facets</c>); the counting is done here, in memory.
/// </summary>
internal sealed class ItemFacets(Database database, QueryLimits? limits = null)
{
    private readonly int _sample = (limits ?? QueryLimits.Default).FacetSample;

    public async Task<FacetCounts> CountAsync(ItemFilter filter, IReadOnlyCollection<FacetKind> kinds, int size, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        // One snapshot for the prefix expansion and the sample: a term stored between them would leave its new items out.
        await using var read = connection.BeginTransaction(deferred: true);
        var expansion = filter.Match is null ? null : await ItemTerms.ExpandAsync(connection, read, filter.Match, ct);
        var search = expansion is null ? filter : filter with { Match = expansion.Match };
        var (fromWhere, parameters) = ItemSql.FromWhere(search, keyset: false, matchIndex: "items_facets");
        // One more than the bound: exactly as many matches as the bound is still every match.
        parameters.Add("sample", _sample + 1);
        // A search takes its matches as FTS5 stores them, newest stored first, which it reads backwards
        // without sorting and stops at the bound, each with its columns from the covering index. A listing
        // by source, author or time, or with no filter, picks its newest ids by the date field through an
        // index, then reads their columns from the covering one; any other listing reads the covering index
        // backwards, checking its filters there.
        var byTime = filter.Match is null && (HasOwnIndex(filter) || !FacetTotal.HasOtherConditions(filter));
        // By fetch time only where items_by_fetched serves the whole filter: a source's, an author's or a
        // tag's index is by published time, and ordering their matches by fetch time sorted every one of them
        // (~1 s for a large source category at a million items).
        var byFetched = byTime && filter.OnFetched && !HasOwnIndexBesidesTime(filter);
        Func<FacetRow, long> order = byFetched ? r => r.FetchedAt : r => r.SortAt;
        var sql = filter.Match is not null
            ? $"SELECT {Columns("i")} {fromWhere} ORDER BY f.rowid DESC LIMIT @sample"
            : byTime
                ? $"""
                    WITH m AS MATERIALIZED (SELECT i.id {fromWhere} ORDER BY i.{(byFetched ? "fetched_at" : "sort_at")} DESC, i.id DESC LIMIT @sample)
                    SELECT {Columns("x")} FROM m JOIN items x INDEXED BY items_facets ON x.id = m.id
                    """
                : $"SELECT {Columns("i")} {Scan(filter, fromWhere, parameters)} LIMIT @sample";
        var rows = await ReadAsync(read, sql, parameters, ct);
        Func<FacetRow, long> time = filter.OnFetched ? r => r.FetchedAt : r => r.SortAt;
        if (byTime)
        {
            rows.Sort((a, b) => (order(b), b.Id).CompareTo((order(a), a.Id)));
        }

        var sampled = rows.Count > _sample;
        if (sampled)
        {
            rows.RemoveAt(_sample);
        }

        // A prefix written out as many terms costs FTS5 ~70 µs a term each time it is evaluated, before any
        // match is read (35 ms for 512 at a million items): its count would double the facets' cost.
        var countable = expansion is null || expansion.Terms.Values.Sum(t => t.Count) <= MaxCountedTerms;
        var (total, exact) = sampled
            ? await FacetTotal.EstimateAsync(read, search, rows, idOrdered: !byTime, countable ? FacetTotal.Cap(search, _sample) : null, ct)
            : (rows.Count, true);
        var periodsFrom = sampled ? PeriodsFrom(rows, byTime, byFetched == filter.OnFetched, time) : long.MinValue;
        var scale = rows.Count == 0 ? 1.0 : (double)total / rows.Count;
        var facets = new Dictionary<FacetKind, IReadOnlyList<FacetValue>>();
        foreach (var kind in kinds)
        {
            facets[kind] = kind == FacetKind.Source
                ? await SourcesAsync(read, rows, size, scale)
                : FacetTally.Count(rows, kind, size, scale, time, periodsFrom);
        }

        return new FacetCounts(total, exact, sampled, rows.Count, sampled ? DateTimeOffset.FromUnixTimeMilliseconds(periodsFrom) : null, facets);
    }

    /// <summary>The most terms a search's prefixes may stand for and its total still be counted.</summary>
    private const int MaxCountedTerms = 32;

    /// <summary>Filters with an index of their own besides a time window: by published time, never by fetch time.</summary>
    private static bool HasOwnIndexBesidesTime(ItemFilter filter) =>
        filter.SourceIds is { Count: > 0 } || filter.Authors is { Count: > 0 }
        || filter.SourceCategories is { Count: > 0 } || filter.SourceTags is { Count: > 0 } || filter.Starred == true;

    /// <summary>Filters with an index of their own, which finds their matches faster than a scan of the newest items.</summary>
    private static bool HasOwnIndex(ItemFilter filter) => HasOwnIndexBesidesTime(filter) || filter.Since is not null || filter.Until is not null;

    /// <summary>
    /// The newest items by id with the filters checked in the covering index. One category leads the
    /// way through its own key, newest id first (a rare category would otherwise cost a probe for each of
    /// the many newer items outside it); the EXISTS that the filter also holds is then true at once.
    /// </summary>
    private static string Scan(ItemFilter filter, string fromWhere, DynamicParameters parameters)
    {
        if (filter.Categories is not [var category])
        {
            return fromWhere.Replace("FROM items i ", "FROM items i INDEXED BY items_facets ", StringComparison.Ordinal) + " ORDER BY i.id DESC";
        }

        // The first WHERE is the statement's own: the joins before it hold none, the subqueries come after.
        parameters.Add("leadCategory", category);
        var where = fromWhere.IndexOf(" WHERE ", StringComparison.Ordinal) + " WHERE ".Length;
        return fromWhere[..where].Replace("FROM items i ", "FROM item_categories lead JOIN items i INDEXED BY items_facets ON i.id = lead.item_id ", StringComparison.Ordinal)
            + "lead.category = @leadCategory AND " + fromWhere[where..] + " ORDER BY lead.item_id DESC";
    }

    private static string Columns(string table) => $"{table}.id, {table}.source_id, {table}.author, {table}.language, {table}.sort_at, {table}.fetched_at, {table}.categories";

    /// <summary>Reads the sample by hand: thousands of rows, and Dapper's mapping would cost more than the counting.</summary>
    private static async Task<List<FacetRow>> ReadAsync(SqliteTransaction read, string sql, DynamicParameters parameters, CancellationToken ct)
    {
        var rows = new List<FacetRow>();
        await using var reader = await read.Connection!.ExecuteReaderAsync(new CommandDefinition(sql, parameters, read, cancellationToken: ct));
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new FacetRow(
                reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetString(6)));
        }

        return rows;
    }

    /// <summary>Source ids with the sources' titles as labels.</summary>
    private static async Task<IReadOnlyList<FacetValue>> SourcesAsync(SqliteTransaction read, List<FacetRow> rows, int size, double scale)
    {
        var top = rows.CountBy(r => r.SourceId).OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(size).ToList();
        var titles = (await read.Connection!.QueryAsync<(long Id, string? Title)>(
            "SELECT id, title FROM sources WHERE id IN @ids", new { ids = top.Select(p => p.Key).ToArray() }, read)).ToDictionary(s => s.Id, s => s.Title);
        return [.. top.Where(p => titles.ContainsKey(p.Key))
            .Select(p => new FacetValue(p.Key.ToString(CultureInfo.InvariantCulture), titles[p.Key], p.Value, FacetTally.Scale(p.Value, scale)))
            .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The instant from which the sample holds every match by the date field, so that the periods
    /// starting then or later are counted whole.
    /// <list type="bullet">
    /// <item>A sample read newest first by that field holds every match after its oldest.</item>
    /// <item>A sample read by id holds every match from its smallest id on. Ids follow arrival, and an item
    /// is dated no later than its fetch, so every item with a smaller id was fetched, and dated, no later
    /// than that smallest id's fetch: every match fetched or dated after it is in the sample. Only an item
    /// its feed re-dated later than its arrival escapes this (its period is then short of it); the first
    /// ids of the hours (<c>item_hours</c>) would count it, but a single re-dated item in the last hour then
    /// moved the bound to now, and left every search without periods.</item>
    /// <item>A sample read by published time for periods of fetch time holds no whole period: an item fetched
    /// lately may be dated long before the sample's oldest.</item>
    /// </list>
    /// </summary>
    private static long PeriodsFrom(List<FacetRow> rows, bool byTime, bool byPeriodField, Func<FacetRow, long> time) =>
        !byTime ? rows.MinBy(r => r.Id)!.FetchedAt + 1
        : byPeriodField ? rows.Min(time) + 1
        : rows.Max(time) + 1;
}

/// <summary>The facet columns of one match, as the covering index <c>items_facets</c> holds them.</summary>
internal sealed record FacetRow(long Id, long SourceId, string? Author, string? Language, long SortAt, long FetchedAt, string Categories);
