using Dapper;

namespace Aggregator.Store;

/// <summary>The merged feeds' listing conditions: categories, and one copy per story.</summary>
internal static class StoryClauses
{
    public static void Add(ItemFilter filter, List<string> where, DynamicParameters parameters)
    {
        if (filter.Categories is { Count: > 0 } categories)
        {
            where.Add("EXISTS (SELECT 1 FROM json_each(i.categories) c WHERE lower(c.value) IN @categories)");
            parameters.Add("categories", categories.Select(c => c.ToLowerInvariant()).ToArray());
        }

        if (filter.OneCopyPerStory)
        {
            // The earliest copy stands for the story; "earliest" among the sources this listing covers,
            // so a channel of some sources still shows stories first carried elsewhere.
            var sources = filter.SourceIds is { Count: > 0 } ? " AND d.source_id IN @sources" : "";
            where.Add($"""
                NOT EXISTS (SELECT 1 FROM items d WHERE d.story_id = i.story_id
                    AND (d.sort_at < i.sort_at OR (d.sort_at = i.sort_at AND d.id < i.id)){sources})
                """);
        }
    }
}
