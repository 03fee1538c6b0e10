using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Query;

/// <summary>
/// Newest-first search reads recent items first, from the smallest id among them (table item_hours):
/// items that arrived before others but are dated after them, or were re-dated by an update, are not lost.
/// </summary>
public sealed class SearchWindowTests
{
    [Fact]
    public async Task AnItemStoredEarlyButDatedLatestLeadsTheNewestPage()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, source) = await StoreAsync(app);
        var now = DateTimeOffset.UtcNow;
        await items.UpsertAsync(source, [Draft("early", now.AddMinutes(-1))]);
        await items.UpsertAsync(source, [.. Enumerable.Range(0, 30).Select(n => Draft($"later-{n}", now.AddHours(-3).AddMinutes(n)))]);

        var page = await items.ListAsync(new ItemFilter(Match: "alpha", Limit: 10));

        Assert.Equal(["early", .. Enumerable.Range(0, 10).Select(n => $"later-{29 - n}")], page.Select(i => i.Key));
    }

    [Fact]
    public async Task AnOldItemRedatedByItsFeedLeadsTheNewestPage()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, source) = await StoreAsync(app);
        var now = DateTimeOffset.UtcNow;
        await items.UpsertAsync(source, [Draft("moved", now.AddDays(-10))]);
        await items.UpsertAsync(source, [.. Enumerable.Range(0, 30).Select(n => Draft($"later-{n}", now.AddHours(-3).AddMinutes(n)))]);
        await items.UpsertAsync(source, [Draft("moved", now.AddMinutes(-1)) with { EntryHash = "changed" }]);

        var page = await items.ListAsync(new ItemFilter(Match: "alpha", Limit: 10));

        Assert.Equal("moved", page[0].Key);
        Assert.Equal(11, page.Count); // one more than the limit: more follow
    }

    private static async Task<(ItemStore Items, long Source)> StoreAsync(AggregatorApp app)
    {
        var source = await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://window.example/feed", "Window", 60, false));
        return (app.Services.GetRequiredService<ItemStore>(), source!.Id);
    }

    private static ItemDraft Draft(string key, DateTimeOffset published) => new(
        key, key, $"https://window.example/{key}", $"Item {key}", null, published, null, null, $"<p>alpha {key}</p>", $"alpha {key}", [], [], $"hash-{key}");
}
