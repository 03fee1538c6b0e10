using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>
/// An <c>items</c> row joined with its source, read by position. Pages of items are read on every
/// listing and feed; mapping them through Dapper boxed every column and asked SQLite its type twice,
/// which cost more than the query.
/// </summary>
internal static class ItemRow
{
    /// <summary>The columns <see cref="Read"/> reads, never <c>i.*</c>: the feed's original HTML (kept for reprocessing) is the largest part of a row and no reader wants it.</summary>
    public const string Select = """
        SELECT i.id, i.source_id, s.title, s.url, i.item_key, i.guid, i.url, i.title, i.author,
            i.published_at, i.updated_at, i.fetched_at, i.sort_at, i.summary, i.content_html, i.content_text, i.categories,
            i.enclosures, i.language, i.starred
        FROM items i JOIN sources s ON s.id = i.source_id
        """;

    /// <summary><see cref="Select"/> with the plain text left out (read as null), for readers that do not show it.</summary>
    public static readonly string SelectWithoutText = Select.Replace("i.content_text", "NULL", StringComparison.Ordinal);

    private static Item Read(SqliteDataReader row) => new(
        row.GetInt64(0), row.GetInt64(1), Text(row, 2), Text(row, 3), row.GetString(4), Text(row, 5), Text(row, 6), Text(row, 7), Text(row, 8),
        Time(row, 9), Time(row, 10), DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(11)), DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(12)),
        Text(row, 13), Text(row, 14), Text(row, 15),
        row.GetString(16) is "[]" ? [] : JsonSerializer.Deserialize<string[]>(row.GetString(16)) ?? [],
        row.GetString(17) is "[]" ? [] : JsonSerializer.Deserialize<StoredEnclosure[]>(row.GetString(17), StoreJson.Options) ?? [],
        Text(row, 18))
    {
        Starred = row.GetInt64(19) != 0,
    };

    /// <summary>Reads every row <paramref name="command"/> returns.</summary>
    public static async Task<List<Item>> ReadAllAsync(SqliteCommand command, CancellationToken ct = default)
    {
        var items = new List<Item>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(Read(reader));
        }

        return items;
    }

    /// <summary>A text column by position; null for SQL NULL.</summary>
    public static string? Text(SqliteDataReader row, int column) => row.IsDBNull(column) ? null : row.GetString(column);

    private static DateTimeOffset? Time(SqliteDataReader row, int column) =>
        row.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(column));
}

internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
