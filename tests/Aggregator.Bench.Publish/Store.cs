using System.Diagnostics;
using Aggregator.Store;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Bench.Publish;

/// <summary>Writes a synthetic store: 100 sources, items spread over a year, a few stories carried twice.</summary>
internal static class Store
{
    public const int Sources = 100;

    private static readonly string[] Words =
        ["talks", "election", "market", "storm", "court", "minister", "vaccine", "border", "football", "museum", "bank", "strike",
         "climate", "budget", "rocket", "festival", "police", "river", "harvest", "summit", "energy", "school", "bridge", "virus"];

    private static readonly string[] Categories = ["World", "Business", "Tech", "Sport", "Culture", "Science"];

    public static async Task GenerateAsync(string path, int count)
    {
        File.Delete(path);
        var database = new Database(path);
        await new Migrator(database).MigrateAsync();
        await using var connection = await database.OpenAsync();
        var clock = Stopwatch.StartNew();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            for (var s = 1; s <= Sources; s++)
            {
                await connection.ExecuteAsync(
                    "INSERT INTO sources (id, url, title, origin, enabled, interval_minutes, created_at) VALUES (@s, @url, @title, 'api', 0, 60, 0)",
                    new { s, url = $"https://source{s}.example/feed.xml", title = $"Source {s}" }, transaction);
            }

            await InsertItemsAsync(connection, (SqliteTransaction)transaction, count);
            // The category filter reads item_categories and searches item_hours, as ingest writes them.
            await connection.ExecuteAsync(
                "INSERT INTO item_categories (category, item_id) SELECT c.value, i.id FROM items i, json_each(i.categories) c",
                transaction: transaction, commandTimeout: 3600);
            await connection.ExecuteAsync(
                $"INSERT INTO item_hours (hour, min_id) SELECT sort_at / {ItemHours.HourMs}, min(id) FROM items WHERE true GROUP BY 1",
                transaction: transaction, commandTimeout: 3600);
            await transaction.CommitAsync();
        }

        Console.WriteLine($"{count:N0} items written in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        await connection.ExecuteAsync("INSERT INTO items_fts (items_fts) VALUES ('rebuild')", commandTimeout: 3600);
        await connection.ExecuteAsync("ANALYZE;", commandTimeout: 3600);
        Console.WriteLine($"FTS index built and analysed in {clock.Elapsed.TotalSeconds:F1} s; file {new FileInfo(path).Length / 1e6:F0} MB");
    }

    private static Task InsertItemsAsync(SqliteConnection connection, SqliteTransaction transaction, int count)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO items (id, source_id, item_key, url, title, author, published_at, fetched_at, sort_at, summary,
                content_html, content_text, categories, entry_hash, canonical_url, story_id)
            VALUES ($id, $source, $key, $url, $title, 'Bench Author', $at, $at, $at, NULL, $html, $text, $categories, 'h', $url, $story)
            """;
        var names = new[] { "$id", "$source", "$key", "$url", "$title", "$at", "$html", "$text", "$categories", "$story" };
        var parameters = names.Select(n => insert.Parameters.Add(new SqliteParameter(n, DBNull.Value))).ToArray();
        insert.Prepare();
        var random = new Random(42);
        var start = DateTimeOffset.UtcNow.AddYears(-1).ToUnixTimeMilliseconds();
        var step = TimeSpan.FromDays(365).TotalMilliseconds / count;
        for (var id = 1; id <= count; id++)
        {
            var text = string.Join(' ', Enumerable.Range(0, 60).Select(_ => Words[random.Next(Words.Length)]));
            // Every 25th item is another source's copy of the item just before it: the same story.
            var copy = id % 25 == 0;
            object[] values =
            [
                id, 1 + random.Next(Sources), $"key-{id}", $"https://site{random.Next(500)}.example/{(copy ? id - 1 : id)}",
                $"{Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]} #{id}", (long)(start + (id * step)),
                $"<p>{text}</p><p><a href=\"https://example.com/{id}\">more</a></p>", text,
                $"[\"{Categories[random.Next(Categories.Length)]}\"]", copy ? id - 1 : id,
            ];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i];
            }

            insert.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }
}
