using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// The total of a query whose facets were sampled. A count of what the filter's indexed conditions allow
/// comes first: the expression's matches in FTS5, or the items of its sources and time window in their
/// index, each counted no further than a cap. That count is the total when the query has no other
/// condition, else a ceiling. Otherwise the sample's share of the stored ids it spans is carried over the
/// ids the query's window allows, and the result held between one more than the sample and every ceiling.
/// </summary>
internal static class FacetTotal
{
    /// <summary>Conditions no index counts: the sample has to be read to know how many items meet them.</summary>
    public static bool HasOtherConditions(ItemFilter f) =>
        f.Categories is { Count: > 0 } || f.Authors is { Count: > 0 } || f.Languages is { Count: > 0 } || f.HasEnclosure is not null
        || f.Starred is not null || f.OneCopyPerStory || f.Blocked is not null || f.SourceCategories is { Count: > 0 } || f.SourceTags is { Count: > 0 };

    /// <summary>
    /// How far a count reads, in samples: index entries cost little (32 samples, 64,000 entries at the
    /// default: ~2 ms), FTS5 postings more (4 samples: counting 32 samples' worth doubled a search's facet
    /// CPU at a million items, 7.4 → 14.6 ms a call). Skipping the count where the estimate looked large
    /// lost the exact total just where the estimate is worst: a burst (a breaking story, a new source).
    /// </summary>
    public static int Cap(ItemFilter filter, int sample) => (filter.Match is null ? 32 : 4) * sample;

    /// <param name="filter">The query, its expression with its prefixes expanded.</param>
    /// <param name="rows">The sample: more matches than these exist.</param>
    /// <param name="idOrdered">The sample is the matches with the largest ids, so no match has a larger id than its largest.</param>
    /// <param name="countCap">How far to count (<see cref="Cap"/>); null: not at all, the estimate alone.</param>
    public static async Task<(long Total, bool Exact)> EstimateAsync(SqliteTransaction read, ItemFilter filter, List<FacetRow> rows, bool idOrdered, int? countCap, CancellationToken ct)
    {
        var cap = countCap ?? int.MaxValue;
        var (count, whole) = countCap is null ? (null, false) : await CountAsync(read, filter, cap, ct);
        if (count < cap && whole)
        {
            return (count.Value, true);
        }

        var (first, last) = await WindowAsync(read, filter, rows, idOrdered, ct);
        // The sample's matches inside the window give its density over their ids; those outside (an item
        // dated inside the window that arrived after its end) are added as they are.
        var inside = rows.Where(r => r.Id >= first && r.Id <= last).Select(r => r.Id).ToList();
        var outside = rows.Count - inside.Count;
        var estimate = inside.Count == 0
            ? outside
            : (long)Math.Round(inside.Count * (double)(last - first + 1) / (inside.Max() - inside.Min() + 1)) + outside;
        // A count that reached the cap and is the whole query's says at least that many match; ids are
        // dense but for deletions, so the window's ids bound the items in it from above.
        var lower = whole && count >= cap ? cap : rows.Count + 1L;
        var upper = Math.Min(last - first + 1 + outside, count < cap ? count.Value : long.MaxValue);
        return (Math.Clamp(estimate, lower, Math.Max(lower, upper)), false);
    }

    /// <summary>
    /// The ids a query's matches can have. Ids follow arrival and an item is dated no later than its fetch,
    /// so nothing dated or fetched from <c>since</c> on has an id below the first one fetched from then on.
    /// The window ends at the sample's largest id when no match lies past it (a sample by id), else at the
    /// last id fetched before <c>until</c>, else at the store's newest. (The hours' first ids, <c>item_hours</c>,
    /// count re-dated items: one old item re-dated inside the window pulled its start back to that item's id.
    /// The sample's largest id under <c>until</c> jumped to the store's end with one late arrival.)
    /// </summary>
    private static async Task<(long First, long Last)> WindowAsync(SqliteTransaction read, ItemFilter filter, List<FacetRow> rows, bool idOrdered, CancellationToken ct)
    {
        var connection = read.Connection!;
        var (first, last) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            "SELECT (SELECT min(id) FROM items), (SELECT max(id) FROM items)", transaction: read, cancellationToken: ct));
        if (filter.Since is { } since && await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM items INDEXED BY items_by_fetched WHERE fetched_at >= @since ORDER BY fetched_at, id LIMIT 1",
            new { since = since.ToUnixMs() }, read, cancellationToken: ct)) is { } from)
        {
            first = Math.Max(first, from);
        }

        if (idOrdered)
        {
            last = rows.Max(r => r.Id);
        }
        else if (filter.Until is { } until && await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM items INDEXED BY items_by_fetched WHERE fetched_at < @until ORDER BY fetched_at DESC, id DESC LIMIT 1",
            new { until = until.ToUnixMs() }, read, cancellationToken: ct)) is { } to)
        {
            last = to;
        }

        return (first, Math.Max(first, last));
    }

    /// <summary>
    /// How many items the indexed conditions allow (the whole store's when there are none), up to
    /// <paramref name="cap"/>, and whether that is the total. Only conditions one index holds together are
    /// counted: a source with fetch times would read every row.
    /// </summary>
    private static async Task<(long? Count, bool Whole)> CountAsync(SqliteTransaction read, ItemFilter filter, int cap, CancellationToken ct)
    {
        var sources = filter.SourceIds is { Count: > 0 };
        var time = filter.Since is not null || filter.Until is not null;
        if (filter.Match is not null)
        {
            var search = new DynamicParameters(new { cap, match = filter.Match });
            return (await CountAsync(read, "SELECT 1 FROM items_fts WHERE items_fts MATCH @match", search, ct), !sources && !time && !HasOtherConditions(filter));
        }

        // The listing's own conditions (ItemSql), cut down to those one index holds together.
        var bounded = sources && filter.OnFetched ? filter with { Since = null, Until = null } : filter;
        var (fromWhere, parameters) = ItemSql.FromWhere(
            new ItemFilter(SourceIds: bounded.SourceIds, Since: bounded.Since, Until: bounded.Until) { OnFetched = filter.OnFetched }, keyset: false);
        parameters.Add("cap", cap);
        return (await CountAsync(read, $"SELECT 1 {fromWhere}", parameters, ct), !(sources && time && filter.OnFetched) && !HasOtherConditions(filter));
    }

    private static Task<long> CountAsync(SqliteTransaction read, string select, DynamicParameters parameters, CancellationToken ct) =>
        read.Connection!.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM ({select} LIMIT @cap)", parameters, read, cancellationToken: ct));
}
