using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Retention;

/// <summary>
/// The maintenance run merges the full-text index into one segment when due: searches find the same
/// items afterwards, and the next run within the interval leaves the index alone.
/// </summary>
public sealed class SearchIndexMergeTests
{
    [Fact]
    public async Task TheRunMergesTheSegmentsEveryFetchAddedAndSearchesFindTheSameItems()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var source = (await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://merge.example/feed", "Merge", 60, false)))!.Id;
        var items = app.Services.GetRequiredService<ItemStore>();
        var now = DateTimeOffset.UtcNow;
        for (var n = 0; n < 6; n++)
        {
            // One write turn each, so one segment each (FTS5 merges only from 16 on).
            await items.UpsertAsync(source, [Draft($"item{n}", now.AddMinutes(-n), n % 2 == 0 ? $"harbour pilot {n}" : $"orchard frost {n}")]);
        }

        var merge = app.Services.GetRequiredService<SearchIndexMerge>();
        var segments = await merge.SegmentsAsync();
        var before = await KeysAsync(app, "harbour");
        Assert.True(segments > 1, $"{segments} segment(s) before the run");

        var first = await Aggregator.Tests.Retention.AgedFeed.RunAsync(app);
        var second = await Aggregator.Tests.Retention.AgedFeed.RunAsync(app);

        Assert.Equal(segments, first.GetProperty("searchSegmentsMerged").GetInt64());
        Assert.Equal(1, await merge.SegmentsAsync());
        Assert.Equal(0, second.GetProperty("searchSegmentsMerged").GetInt64());
        Assert.Equal(["item0", "item2", "item4"], before);
        Assert.Equal(before, await KeysAsync(app, "harbour"));
        Assert.Equal(["item1", "item3", "item5"], await KeysAsync(app, "orch*"));
    }

    private static async Task<List<string>> KeysAsync(AggregatorApp app, string q)
    {
        using var client = app.CreateClient();
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/items?q={Uri.EscapeDataString(q)}&limit=50");
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!["Item ".Length..]).Order()];
    }

    private static ItemDraft Draft(string key, DateTimeOffset published, string text) => new(
        key, key, $"https://merge.example/{key}", $"Item {key}", null, published, null, null, $"<p>{text}</p>", text, [], [], $"hash-{key}");
}
