
namespace Aggregator.Store;

/// <summary>The statement that rewrites an item row (new rows: <see cref="ItemInserter"/>), and the batch index writes.</summary>
internal static class ItemWrites
{
    /// <summary>An update moves an item to its new publication date, unless that is in the future (see <see cref="ItemStore.SortAt"/>).</summary>
    public const string Update = """
        UPDATE items SET guid = @Guid, url = @Url, title = @Title, author = @Author,
            published_at = @Published, updated_at = @Updated, sort_at = CASE WHEN @Published <= @FetchedAt THEN @Published ELSE sort_at END,
            summary = @Summary, content_html = @ContentHtml, content_text = @ContentText,
            categories = @Categories, enclosures = @Enclosures, entry_hash = @EntryHash, language = @Language,
            feed_summary = @FeedSummary, feed_content = @FeedContent
        WHERE id = @id
        """;

    /// <summary>Indexes the written rows (when the write group commits) and their terms, lists their categories and their hours' first ids, one statement each for the whole batch.</summary>
    /// <param name="terms">The batch's terms split before the turn, and the ids of the rows whose texts were not.</param>
    /// <remarks>On the writer's prepared statements (<see cref="WriteTransaction.Statement"/>): every fetch's turn runs them.</remarks>
    public static async Task IndexAsync(WriteTransaction write, IReadOnlyList<long> ids, WrittenTerms terms, IReadOnlyCollection<long> unsplitIds)
    {
        write.IndexLater(ids);
        // One JSON parameter, not one per id: SQLite finds named parameters in a linear list.
        var written = IdList.Json(ids);
        await ItemTerms.RecordAsync(write, terms, unsplitIds);
        write.Statement(CategoriesSql).Bind("@ids", written).ExecuteNonQuery();
        write.Statement(HoursSql).Bind("@ids", written).ExecuteNonQuery();
    }

    /// <summary>Adds rows to the full-text index (<see cref="WriteGroup.IndexPending"/>).</summary>
    internal static readonly string IndexSql =
        $"INSERT INTO items_fts (rowid, title, content_text) SELECT id, title, content_text FROM items WHERE id IN {IdList.Sql("@ids")}";

    private static readonly string CategoriesSql = $"""
        INSERT OR IGNORE INTO item_categories (category, item_id)
        SELECT trim(c.value), i.id FROM items i, json_each(i.categories) c
        WHERE i.id IN {IdList.Sql("@ids")} AND c.type = 'text' AND length(trim(c.value)) BETWEEN 1 AND 500
        """;

    private static readonly string HoursSql = $"""
        INSERT INTO item_hours (hour, min_id)
        SELECT sort_at / {ItemHours.HourMs}, min(id) FROM items WHERE id IN {IdList.Sql("@ids")} GROUP BY sort_at / {ItemHours.HourMs}
        ON CONFLICT (hour) DO UPDATE SET min_id = min(min_id, excluded.min_id)
        """;
}
