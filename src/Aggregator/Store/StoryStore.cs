using Dapper;

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
        var rows = await connection.QueryAsync<CopyRow>(new CommandDefinition($"""
            SELECT i.story_id, i.id AS item_id, i.source_id, s.title AS source_title, s.url AS source_url, i.url, i.sort_at
            FROM items i JOIN sources s ON s.id = i.source_id
            WHERE i.story_id IN (SELECT story_id FROM items WHERE id IN {IdList.Sql("@itemIds")})
            ORDER BY i.story_id, i.sort_at, i.id
            """, new { itemIds = IdList.Json(itemIds) }, cancellationToken: ct));
        var byStory = rows.GroupBy(r => r.StoryId).ToDictionary(g => g.Key, g => (IReadOnlyList<StoryCopy>)[.. g.Select(r => r.ToCopy())]);
        return byStory.Values.SelectMany(copies => copies.Where(c => itemIds.Contains(c.ItemId)).Select(c => (c.ItemId, copies)))
            .ToDictionary(p => p.ItemId, p => p.copies);
    }

    /// <summary>Ids of the sources with these addresses; addresses not stored are left out.</summary>
    public async Task<IReadOnlyList<long>> SourceIdsAsync(IReadOnlyCollection<string> urls, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return [.. await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM sources WHERE url IN @urls", new { urls }, cancellationToken: ct))];
    }

    private sealed class CopyRow
    {
        public long StoryId { get; set; }
        public long ItemId { get; set; }
        public long SourceId { get; set; }
        public string? SourceTitle { get; set; }
        public string? SourceUrl { get; set; }
        public string? Url { get; set; }
        public long SortAt { get; set; }

        public StoryCopy ToCopy() => new(ItemId, SourceId, SourceTitle, SourceUrl, Url, DateTimeOffset.FromUnixTimeMilliseconds(SortAt));
    }
}

/// <summary>One source's copy of a story.</summary>
internal sealed record StoryCopy(long ItemId, long SourceId, string? SourceTitle, string? SourceUrl, string? Url, DateTimeOffset SortAt);
