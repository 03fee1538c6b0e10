using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;

namespace Aggregator.Store;

/// <summary>The <c>items</c> table and its full-text index.</summary>
internal sealed class ItemStore(Database database, TimeProvider clock)
{
    private const string SelectItems = """
        SELECT i.*, s.title AS source_title, s.url AS source_url
        FROM items i JOIN sources s ON s.id = i.source_id
        """;

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

    /// <summary>Inserts new items and updates changed ones, rows and FTS index in one transaction.</summary>
    public async Task<UpsertCounts> UpsertAsync(long sourceId, IReadOnlyList<ItemDraft> drafts, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().ToUnixMs();
        int added = 0, updated = 0;
        foreach (var draft in drafts)
        {
            var existing = await connection.QuerySingleOrDefaultAsync<(long Id, string Hash, string? Title, string? ContentText)?>(
                "SELECT id, entry_hash, title, content_text FROM items WHERE source_id = @sourceId AND item_key = @Key",
                new { sourceId, draft.Key }, transaction);
            if (existing is { } old && old.Hash == draft.EntryHash)
            {
                continue;
            }

            var row = ToParameters(sourceId, draft, now);
            long id;
            if (existing is { } previous)
            {
                id = previous.Id;
                await DeleteFromIndexAsync(connection, transaction, id, previous.Title, previous.ContentText);
                await connection.ExecuteAsync("""
                    UPDATE items SET guid = @Guid, url = @Url, title = @Title, author = @Author,
                        published_at = @Published, updated_at = @Updated, sort_at = coalesce(@Published, sort_at),
                        summary = @Summary, content_html = @ContentHtml, content_text = @ContentText,
                        categories = @Categories, enclosures = @Enclosures, entry_hash = @EntryHash,
                        feed_summary = @FeedSummary, feed_content = @FeedContent
                    WHERE id = @id
                    """, new DynamicParameters(row).With("id", id), transaction);
                updated++;
            }
            else
            {
                id = await connection.ExecuteScalarAsync<long>("""
                    INSERT INTO items (source_id, item_key, guid, url, title, author, published_at, updated_at,
                        fetched_at, sort_at, summary, content_html, content_text, categories, enclosures, entry_hash,
                        feed_summary, feed_content)
                    VALUES (@SourceId, @Key, @Guid, @Url, @Title, @Author, @Published, @Updated,
                        @FetchedAt, coalesce(@Published, @FetchedAt), @Summary, @ContentHtml, @ContentText,
                        @Categories, @Enclosures, @EntryHash, @FeedSummary, @FeedContent)
                    RETURNING id
                    """, row, transaction);
                added++;
            }

            await connection.ExecuteAsync(
                "INSERT INTO items_fts (rowid, title, content_text) VALUES (@id, @Title, @ContentText)",
                new { id, draft.Title, draft.ContentText }, transaction);
        }

        await transaction.CommitAsync(ct);
        return new UpsertCounts(added, updated);
    }

    public async Task<Item?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ItemRow>($"{SelectItems} WHERE i.id = @id", new { id });
        return row?.ToItem();
    }

    /// <summary>One page of items in the filter's order; asks for one more than the limit to tell if more follow.</summary>
    public async Task<IReadOnlyList<Item>> ListAsync(ItemFilter filter, CancellationToken ct = default)
    {
        var (sql, parameters) = BuildListing(filter);
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ItemRow>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return [.. rows.Select(r => r.ToItem())];
    }

    private static (string Sql, DynamicParameters Parameters) BuildListing(ItemFilter filter)
    {
        var sql = new StringBuilder(SelectItems);
        var where = new List<string>();
        var parameters = new DynamicParameters();
        if (filter.Match is not null)
        {
            sql.Append(" JOIN items_fts f ON f.rowid = i.id");
            where.Add("items_fts MATCH @match");
            parameters.Add("match", filter.Match);
        }

        if (filter.SourceIds is { Count: > 0 } sources)
        {
            where.Add("i.source_id IN @sources");
            parameters.Add("sources", sources);
        }

        if (filter.Since is { } since)
        {
            where.Add("i.sort_at >= @since");
            parameters.Add("since", since.ToUnixMs());
        }

        if (filter.Until is { } until)
        {
            where.Add("i.sort_at < @until");
            parameters.Add("until", until.ToUnixMs());
        }

        if (filter.After is { } after && filter.Order != ItemOrder.Relevance)
        {
            where.Add(filter.Order == ItemOrder.Oldest ? "(i.sort_at, i.id) > (@afterSort, @afterId)" : "(i.sort_at, i.id) < (@afterSort, @afterId)");
            parameters.Add("afterSort", after.SortAt);
            parameters.Add("afterId", after.Id);
        }

        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }

        sql.Append(filter.Order switch
        {
            // Title matches weigh ten times body matches.
            ItemOrder.Relevance when filter.Match is not null => " ORDER BY bm25(items_fts, 10.0, 1.0), i.id DESC",
            ItemOrder.Oldest => " ORDER BY i.sort_at ASC, i.id ASC",
            _ => " ORDER BY i.sort_at DESC, i.id DESC",
        });
        sql.Append(" LIMIT @limit OFFSET @offset");
        parameters.Add("limit", filter.Limit + 1);
        parameters.Add("offset", filter.Order == ItemOrder.Relevance ? filter.Offset : 0);
        return (sql.ToString(), parameters);
    }

    private static async Task DeleteFromIndexAsync(DbConnection connection, DbTransaction transaction, long id, string? title, string? text) =>
        await connection.ExecuteAsync(
            "INSERT INTO items_fts (items_fts, rowid, title, content_text) VALUES ('delete', @id, @title, @text)",
            new { id, title, text }, transaction);

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
        draft.FeedSummary,
        draft.FeedContent,
    };

    private sealed class ItemRow
    {
        public long Id { get; set; }
        public long SourceId { get; set; }
        public string? SourceTitle { get; set; }
        public string? SourceUrl { get; set; }
        public string ItemKey { get; set; } = "";
        public string? Guid { get; set; }
        public string? Url { get; set; }
        public string? Title { get; set; }
        public string? Author { get; set; }
        public long? PublishedAt { get; set; }
        public long? UpdatedAt { get; set; }
        public long FetchedAt { get; set; }
        public long SortAt { get; set; }
        public string? Summary { get; set; }
        public string? ContentHtml { get; set; }
        public string? ContentText { get; set; }
        public string Categories { get; set; } = "[]";
        public string Enclosures { get; set; } = "[]";

        public Item ToItem() => new(
            Id, SourceId, SourceTitle, SourceUrl, ItemKey, Guid, Url, Title, Author,
            UnixTime.FromUnixMs(PublishedAt), UnixTime.FromUnixMs(UpdatedAt),
            UnixTime.FromUnixMs(FetchedAt)!.Value, UnixTime.FromUnixMs(SortAt)!.Value,
            Summary, ContentHtml, ContentText,
            JsonSerializer.Deserialize<string[]>(Categories) ?? [],
            JsonSerializer.Deserialize<StoredEnclosure[]>(Enclosures, StoreJson.Options) ?? []);
    }
}

internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

internal static class DynamicParametersExtensions
{
    public static DynamicParameters With(this DynamicParameters parameters, string name, object? value)
    {
        parameters.Add(name, value);
        return parameters;
    }
}
