using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// The total of a query whose facets were sampled. A cheap count of what the filter's indexed
/// conditions allow comes first: the expression's matches in FTS5, or the items of its sources and time
/// window in their index, each counted no further than a cap. That count is the total when the query
/// has no other condition, else a ceiling. Otherwise the sample's share of the stored ids it spans is
/// carried over the ids the query's window allows (the store's, or from its <c>since</c> on by
/// <c>item_hours</c>), and the result held between one more than the sample and every ceiling.
/// </summary>
internal static class FacetTotal
{
    /// <summary>Conditions no index counts: the sample has to be read to know how many items meet them.</summary>
    public static bool HasOtherConditions(ItemFilter f) =>
        f.Categories is { Count: > 0 } || f.Authors is { Count: > 0 } || f.Languages is { Count: > 0 } || f.HasEnclosure is not null
        || f.Starred is not null || f.OneCopyPerStory || f.Blocked is not null || f.SourceCategories is { Count: > 0 } || f.SourceTags is { Count: > 0 };

    /// <param name="filter">The query, its expression with its prefixes expanded.</param>
    /// <param name="rows">The sample: more matches than these exist.</param>
    /// <param name="idOrdered">The sample is the matches with the largest ids, so no match has a larger id than its largest.</param>
    public static async Task<(long Total, bool Exact)> EstimateAsync(SqliteTransaction read, ItemFilter filter, List<FacetRow> rows, bool idOrdered, int cap, CancellationToken ct)
    {
        var (first, last) = await read.Connection!.QuerySingleAsync<(long, long)>(new CommandDefinition(
            "SELECT (SELECT min(id) FROM items), (SELECT max(id) FROM items)", transaction: read, cancellationToken: ct));
        // The window's end: the sample's largest id when no match can lie past it (a sample by id), or when
        // the query ends at `until` (its newest matches by date are around the window's end, not the
        // store's: carried up to the store's newest id, a month's window in the middle of two years came
        // out at a tenth of its items).
        if (idOrdered || filter.Until is not null)
        {
            last = rows.Max(r => r.Id);
        }

        if (filter is { Since: { } since, OnFetched: false } && await ItemHours.FirstIdFromAsync(read, since.ToUnixMs(), ct) is { } fromSince)
        {
            first = Math.Max(first, fromSince);
        }

        // Ids are dense but for deletions, so the ids of a range bound the items in it from above.
        var window = last - first + 1;
        var estimate = (long)Math.Round(rows.Count * (double)window / (last - rows.Min(r => r.Id) + 1));
        // The count is worth its reading only where it may come in under the cap: a broad search's would
        // read the cap's worth of postings (2 ms of CPU at a million items) to say only "more than that".
        var (count, whole) = estimate < 2L * cap ? await CountAsync(read, filter, cap, ct) : (null, false);
        if (count < cap && whole)
        {
            return (count.Value, true);
        }

        // A count that reached the cap and is the whole query's says at least that many match.
        var lower = whole && count >= cap ? cap : rows.Count + 1L;
        var upper = Math.Min(window, count < cap ? count.Value : long.MaxValue);
        return (Math.Clamp(estimate, lower, Math.Max(lower, upper)), false);
    }

    /// <summary>
    /// How many items the indexed conditions allow, up to <paramref name="cap"/>, and whether that is the
    /// total; null when the query has none. Only conditions one index holds together are counted: a source
    /// with fetch times would read every row.
    /// </summary>
    private static async Task<(long? Count, bool Whole)> CountAsync(SqliteTransaction read, ItemFilter filter, int cap, CancellationToken ct)
    {
        var parameters = new DynamicParameters(new { cap });
        var where = new List<string>();
        var sources = filter.SourceIds is { Count: > 0 };
        var time = filter.Since is not null || filter.Until is not null;
        if (filter.Match is not null)
        {
            parameters.Add("match", filter.Match);
            return (await CountAsync(read, "SELECT 1 FROM items_fts WHERE items_fts MATCH @match", parameters, ct), !sources && !time && !HasOtherConditions(filter));
        }

        if (sources)
        {
            where.Add("source_id IN @sources");
            parameters.Add("sources", filter.SourceIds);
        }

        if (time && !(sources && filter.OnFetched))
        {
            var column = filter.OnFetched ? "fetched_at" : "sort_at";
            AddBound(where, parameters, $"{column} >= @since", "since", filter.Since);
            AddBound(where, parameters, $"{column} < @until", "until", filter.Until);
        }

        return where.Count == 0
            ? (null, false)
            : (await CountAsync(read, $"SELECT 1 FROM items WHERE {string.Join(" AND ", where)}", parameters, ct), !(sources && time && filter.OnFetched) && !HasOtherConditions(filter));
    }

    private static void AddBound(List<string> where, DynamicParameters parameters, string condition, string name, DateTimeOffset? value)
    {
        if (value is { } bound)
        {
            where.Add(condition);
            parameters.Add(name, bound.ToUnixMs());
        }
    }

    private static Task<long> CountAsync(SqliteTransaction read, string select, DynamicParameters parameters, CancellationToken ct) =>
        read.Connection!.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM ({select} LIMIT @cap)", parameters, read, cancellationToken: ct));
}
