using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store;

/// <summary>Reads of the story grouping (see <see cref="StoryLinker"/>): every copy of a story, earliest first.</summary>
internal sealed class StoryStore(Database database)
{
    /// <summary>For each given item, every copy of its story (itself included), earliest first.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<StoryCopy>>> CopiesOfAsync(IReadOnlyCollection<long> itemIds, CancellationToken ct = default)
    {
        if (itemIds.Count == 0)
        {
            return new Dictionary<long, IReadOnlyList<StoryCopy>>();
        }

        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT i.story_id, i.id, i.source_id, s.title, s.url, i.url, i.sort_at
            FROM items i JOIN sources s ON s.id = i.source_id
            WHERE i.story_id IN (SELECT story_id FROM items WHERE id IN {IdList.Sql("$itemIds")})
            ORDER BY i.story_id, i.sort_at, i.id
            """;
        command.Parameters.AddWithValue("$itemIds", IdList.Json(itemIds));
        var rows = new List<(long StoryId, StoryCopy Copy)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetInt64(0), new StoryCopy(reader.GetInt64(1), reader.GetInt64(2), ItemRow.Text(reader, 3), ItemRow.Text(reader, 4), ItemRow.Text(reader, 5),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)))));
            }
        }

        var wanted = itemIds.ToHashSet();
        var byStory = rows.GroupBy(r => r.StoryId).ToDictionary(g => g.Key, g => (IReadOnlyList<StoryCopy>)[.. g.Select(r => r.Copy)]);
        return byStory.Values.SelectMany(copies => copies.Where(c => wanted.Contains(c.ItemId)).Select(c => (c.ItemId, copies)))
            .ToDictionary(p => p.ItemId, p => p.copies);
    }

    /// <summary>Ids of the sources with these addresses; addresses not stored are left out.</summary>
    public async Task<IReadOnlyList<long>> SourceIdsAsync(IReadOnlyCollection<string> urls, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return [.. await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM sources WHERE url IN @urls", new { urls }, cancellationToken: ct))];
    }
}

/// <summary>One source's copy of a story.</summary>
internal sealed record StoryCopy(long ItemId, long SourceId, string? SourceTitle, string? SourceUrl, string? Url, DateTimeOffset SortAt);
