using System.Text;
using System.Text.Json;
using Dapper;

namespace Aggregator.Store;

/// <summary>
/// The FROM and WHERE of every item query (listing, facets, export), built from an
/// <see cref="ItemFilter"/> with parameters only: user text never becomes SQL.
/// </summary>
internal static class ItemSql
{
    /// <summary>A 30-day scale for the recency boost: a fresh item's score counts up to twice an old one's.</summary>
    private const double RecencyScaleMs = 30.0 * 24 * 3600 * 1000;

    /// <param name="join">More joins on <c>i</c>, such as the item's source.</param>
    /// <param name="matchIndex">The index a search reads its matches' columns from (never the wide rows).</param>
    public static (string FromWhere, DynamicParameters Parameters) FromWhere(
        ItemFilter filter, bool keyset = true, string join = "", string matchIndex = "items_by_id_narrow")
    {
        var sql = new StringBuilder(filter.Match is null ? "FROM items i " : $"FROM items_fts f JOIN items i INDEXED BY {matchIndex} ON i.id = f.rowid ").Append(join);
        var where = new List<string>();
        var parameters = new DynamicParameters();
        void Add(string condition, string name, object value)
        {
            where.Add(condition);
            parameters.Add(name, value);
        }

        if (filter.Match is not null)
        {
            Add("items_fts MATCH @match", "match", filter.Match);
        }

        if (filter.SourceIds is { Count: > 0 } sources)
        {
            Add("i.source_id IN @sources", "sources", sources);
        }

        var time = filter.OnFetched ? "i.fetched_at" : "i.sort_at";
        if (filter.Since is { } since)
        {
            Add($"{time} >= @since", "since", since.ToUnixMs());
        }

        if (filter.Until is { } until)
        {
            Add($"{time} < @until", "until", until.ToUnixMs());
        }

        AddAnalystFilters(filter, Add);
        if (filter.Blocked is { } blocked)
        {
            Add($"i.id NOT IN {IdList.Sql("@blockedIds")}", "blockedIds", blocked.Ids);
            Add("""
                (i.id BETWEEN @blockedFloor AND @blockedCeiling
                    OR NOT EXISTS (SELECT 1 FROM items_fts b WHERE b.items_fts MATCH @blockedMatch AND b.rowid = i.id))
                """, "blockedFloor", blocked.Floor);
            parameters.Add("blockedCeiling", blocked.Ceiling);
            parameters.Add("blockedMatch", blocked.Match);
        }

        if (filter.OneCopyPerStory)
        {
            // The earliest copy stands for the story; "earliest" among the sources this listing covers,
            // so a channel of some sources still shows stories first carried elsewhere.
            var among = filter.SourceIds is { Count: > 0 } ? " AND d.source_id IN @sources" : "";
            where.Add($"""
                NOT EXISTS (SELECT 1 FROM items d WHERE d.story_id = i.story_id
                    AND (d.sort_at < i.sort_at OR (d.sort_at = i.sort_at AND d.id < i.id)){among})
                """);
        }

        if (keyset && filter.After is { } after && filter.Order != ItemOrder.Relevance)
        {
            Add(filter.Order == ItemOrder.Oldest ? "(i.sort_at, i.id) > (@afterSort, @afterId)" : "(i.sort_at, i.id) < (@afterSort, @afterId)", "afterSort", after.SortAt);
            parameters.Add("afterId", after.Id);
        }

        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }

        return (sql.ToString(), parameters);
    }

    private static void AddAnalystFilters(ItemFilter filter, Action<string, string, object> add)
    {
        if (filter.Categories is { Count: > 0 } categories)
        {
            // EXISTS walks the time order and probes the (category, item) key: a page of a common category
            // stops after a few rows, where an IN list would fetch and sort every item of the category.
            add("EXISTS (SELECT 1 FROM item_categories c WHERE c.item_id = i.id AND c.category IN @categories)", "categories", categories);
        }

        if (filter.Authors is { Count: > 0 } authors)
        {
            add("i.author COLLATE NOCASE IN @authors", "authors", authors);
        }

        if (filter.Languages is { Count: > 0 } languages)
        {
            // A bare language also matches its regional forms: en matches en-gb and en-us.
            add("(i.language IN @languages OR substr(i.language, 1, instr(i.language, '-') - 1) IN @languages)", "languages", languages);
        }

        if (filter.Starred is { } starred)
        {
            // A literal, not a parameter: SQLite uses the partial index of starred items only for a constant.
            add(starred ? "i.starred = 1" : "i.starred = 0", "starred", starred);
        }

        if (filter.HasEnclosure is { } hasEnclosure)
        {
            add("i.has_enclosure = @hasEnclosure", "hasEnclosure", hasEnclosure);
        }

        if (filter.SourceCategories is { Count: > 0 } sourceCategories)
        {
            // A category holds its folders: News matches News and News/World, not Newsletters.
            add("""
                i.source_id IN (SELECT s.id FROM sources s, json_each(@sourceCategories) c
                    WHERE s.category COLLATE NOCASE = c.value OR substr(s.category, 1, length(c.value) + 1) COLLATE NOCASE = c.value || '/')
                """, "sourceCategories", JsonSerializer.Serialize(sourceCategories));
        }

        if (filter.SourceTags is { Count: > 0 } sourceTags)
        {
            add("i.source_id IN (SELECT s.id FROM sources s, json_each(s.tags) t WHERE t.value COLLATE NOCASE IN @sourceTags)", "sourceTags", sourceTags);
        }
    }

    /// <summary>
    /// The relevance of a match (lower first), for candidates ranked outside SQL: bm25 is negative, lower is
    /// better, with title matches weighed ten times body matches (<c>bm25(items_fts, 10.0, 1.0)</c>); the
    /// recency factor (1 to 2) makes a fresh match outrank an equally relevant old one.
    /// </summary>
    public static double Relevance(double bm25, long sortAt, long now) =>
        bm25 * (1.0 + (1.0 / (1.0 + (Math.Max(now - sortAt, 0) / RecencyScaleMs))));

    /// <summary>Newest or oldest first; a relevance order is ranked outside SQL, block by block (<see cref="Relevance"/>).</summary>
    public static string OrderBy(ItemFilter filter) => filter.Order switch
    {
        ItemOrder.Oldest => " ORDER BY i.sort_at ASC, i.id ASC",
        _ => " ORDER BY i.sort_at DESC, i.id DESC",
    };
}
