using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Publish;

/// <summary>
/// A channel's block words leave out what the search index matches: the newest matches from one read,
/// older ones (past the read's floor) looked up one by one.
/// </summary>
public sealed class BlockedItemsTests
{
    [Theory]
    [InlineData(100)] // every blocked item in the one read
    [InlineData(2)] // the read stops at the two newest; the older ones are looked up
    public async Task BlockedItemsAreLeftOutWhereverTheyAre(int max)
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var source = await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://blocked.example/feed", "Blocked", 60, false));
        var items = app.Services.GetRequiredService<ItemStore>();
        var now = DateTimeOffset.UtcNow;
        await items.UpsertAsync(source!.Id, [.. Enumerable.Range(0, 10).Select(n => Draft($"k{n}", n % 2 == 0 ? "football" : "opera", now.AddMinutes(n)))]);

        var blocked = await items.MatchesToLeaveOutAsync("\"football\"", max);

        // Stored after the blocked ids were read: above the ceiling, so looked up on its own.
        await items.UpsertAsync(source.Id, [Draft("late", "football", now.AddMinutes(20)), Draft("late-ok", "opera", now.AddMinutes(21))]);
        var page = await items.ListAsync(new ItemFilter(Limit: 20) { Blocked = blocked });

        Assert.Equal(max < 5 ? 2 : 5, blocked.Ids.Split(',').Length);
        Assert.Equal(max < 5, blocked.Floor > long.MinValue);
        Assert.Equal(["late-ok", "k9", "k7", "k5", "k3", "k1"], page.Select(i => i.Key));
    }

    private static ItemDraft Draft(string key, string word, DateTimeOffset published) => new(
        key, key, $"https://blocked.example/{key}", $"Item {key}", null, published, null, null, $"<p>{word} {key}</p>", $"{word} {key}", [], [], $"hash-{key}");
}
