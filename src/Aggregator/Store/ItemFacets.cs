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
/// when only a sample was read (periods are not scaled: the sample holds whole periods but its oldest).
/// </summary>
internal sealed record FacetValue(string Value, string? Label, long Count, long Estimate);

/// <summary>
/// Facet counts for a query. Up to <see cref="QueryLimits.FacetSample"/> matches they are exact; beyond,
/// they count the <see cref="SampleSize"/> most recently stored matches (<see cref="Sampled"/>) and
/// <see cref="Total"/> is an estimate.
/// </summary>
internal sealed record FacetCounts(long Total, bool TotalExact, bool Sampled, int SampleSize, IReadOnlyDictionary<FacetKind, IReadOnlyList<FacetValue>> Facets);

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
        var search = filter.Match is null ? filter : filter with { Match = (await ItemTerms.ExpandAsync(connection, read, filter.Match, ct)).Match };
        var (fromWhere, parameters) = ItemSql.FromWhere(search, keyset: false, matchIndex: "items_facets");
        // One more than the bound: exactly as many matches as the bound is still every match.
        parameters.Add("sample", _sample + 1);
        // A search takes its matches as FTS5 stores them, newest stored first, which it reads backwards
        // without sorting and stops at the bound, each with its columns from the covering index. A listing
        // by source, author or time picks its newest ids by its own index, then reads their columns from
        // the covering one; any other listing reads the covering index backwards, checking its filters there.
        var sql = filter.Match is not null
            ? $"SELECT {Columns("i")} {fromWhere} ORDER BY f.rowid DESC LIMIT @sample"
            : HasOwnIndex(filter)
                ? $"""
                    WITH m AS MATERIALIZED (SELECT i.id {fromWhere} ORDER BY i.sort_at DESC, i.id DESC LIMIT @sample)
                    SELECT {Columns("x")} FROM m JOIN items x INDEXED BY items_facets ON x.id = m.id
                    """
                : $"SELECT {Columns("i")} {Scan(filter, fromWhere, parameters)} LIMIT @sample";
        var rows = await ReadAsync(read, sql, parameters, ct);
        var sampled = rows.Count > _sample;
        if (sampled)
        {
            rows.RemoveAt(_sample);
        }

        var total = sampled ? await EstimateAsync(read, filter, rows) : rows.Count;
        var scale = rows.Count == 0 ? 1.0 : (double)total / rows.Count;
        var facets = new Dictionary<FacetKind, IReadOnlyList<FacetValue>>();
        foreach (var kind in kinds)
        {
            facets[kind] = kind == FacetKind.Source
                ? await SourcesAsync(read, rows, size, scale)
                : FacetTally.Count(rows, kind, size, scale);
        }

        return new FacetCounts(total, !sampled, sampled, rows.Count, facets);
    }

    /// <summary>Filters with an index of their own, which finds their matches faster than a scan of the newest items.</summary>
    private static bool HasOwnIndex(ItemFilter filter) =>
        filter.SourceIds is { Count: > 0 } || filter.Authors is { Count: > 0 } || filter.Since is not null || filter.Until is not null
        || filter.SourceCategories is { Count: > 0 } || filter.SourceTags is { Count: > 0 } || filter.Starred == true;

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

    private static string Columns(string table) => $"{table}.source_id, {table}.author, {table}.language, {table}.sort_at, {table}.categories";

    /// <summary>Reads the sample by hand: thousands of rows, and Dapper's mapping would cost more than the counting.</summary>
    private static async Task<List<FacetRow>> ReadAsync(SqliteTransaction read, string sql, DynamicParameters parameters, CancellationToken ct)
    {
        var rows = new List<FacetRow>();
        await using var reader = await read.Connection!.ExecuteReaderAsync(new CommandDefinition(sql, parameters, read, cancellationToken: ct));
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new FacetRow(
                reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt64(3), reader.GetString(4)));
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
    /// Extrapolates from the sample by time: if the newest N matches span d days, the whole window of
    /// D days holds about N·D/d. Cheap (one index seek) and close for steady feeds.
    /// </summary>
    private static async Task<long> EstimateAsync(SqliteTransaction read, ItemFilter filter, List<FacetRow> rows)
    {
        var first = filter.Since?.ToUnixMs() ?? await read.Connection!.ExecuteScalarAsync<long?>("SELECT min(sort_at) FROM items", transaction: read) ?? 0;
        var sampleFrom = rows.Min(r => r.SortAt);
        var sampleTo = rows.Max(r => r.SortAt);
        if (sampleTo <= sampleFrom || first >= sampleFrom)
        {
            return rows.Count;
        }

        return (long)(rows.Count * ((double)(sampleTo - first) / (sampleTo - sampleFrom)));
    }
}

/// <summary>The facet columns of one match, as the covering index <c>items_facets</c> holds them.</summary>
internal sealed record FacetRow(long SourceId, string? Author, string? Language, long SortAt, string Categories);
