namespace Aggregator.Store;

/// <summary>The statements that write an item row, and the normalised category list.</summary>
internal static class ItemWrites
{
    public const string Insert = """
        INSERT INTO items (source_id, item_key, guid, url, title, author, published_at, updated_at,
            fetched_at, sort_at, summary, content_html, content_text, categories, enclosures, entry_hash, language)
        VALUES (@SourceId, @Key, @Guid, @Url, @Title, @Author, @Published, @Updated,
            @FetchedAt, coalesce(@Published, @FetchedAt), @Summary, @ContentHtml, @ContentText,
            @Categories, @Enclosures, @EntryHash, @Language)
        RETURNING id
        """;

    public const string Update = """
        UPDATE items SET guid = @Guid, url = @Url, title = @Title, author = @Author,
            published_at = @Published, updated_at = @Updated, sort_at = coalesce(@Published, sort_at),
            summary = @Summary, content_html = @ContentHtml, content_text = @ContentText,
            categories = @Categories, enclosures = @Enclosures, entry_hash = @EntryHash, language = @Language
        WHERE id = @id
        """;

    /// <summary>Trimmed, non-empty, once each ignoring case: the rows of <c>item_categories</c>.</summary>
    public static IEnumerable<string> Categories(IReadOnlyList<string> categories) =>
        categories.Select(c => c.Trim()).Where(c => c.Length is > 0 and <= 500).Distinct(StringComparer.OrdinalIgnoreCase);
}
