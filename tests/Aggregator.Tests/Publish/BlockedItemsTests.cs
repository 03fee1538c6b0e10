using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Publish;

/// <summary>
/// A channel's block words without a search leave out what the search index matches: the newest matches
/// from one read (here capped at three, so most are past its floor), older ones looked up one by one.
/// </summary>
public sealed class BlockedItemsTests
{
    [Theory]
    [InlineData(20)]
    [InlineData(2)] // nine blocked items in ten: the page reaches far past the read's floor
    public async Task BlockedItemsAreLeftOutWhereverTheyAre(int limit)
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, source) = await StoreAsync(app);
        var now = DateTimeOffset.UtcNow;
        // Nine blocked items in ten, newest first: a page of two needs many candidates.
        await items.UpsertAsync(source, [.. Enumerable.Range(0, 40).Select(n => Draft($"k{n}", n % 10 == 0 ? "opera" : "football", now.AddMinutes(n)))]);

        var page = await items.ListAsync(new ItemFilter(Limit: limit) { Blocked = await items.MatchesToLeaveOutAsync("\"football\"", 3) });

        Assert.Equal(new[] { "k30", "k20", "k10", "k0" }.Take(limit + 1), page.Select(i => i.Key));
    }

    [Theory]
    [InlineData(100)] // every blocked item in the one read
    [InlineData(2)] // the read stops at the two newest; the older ones are looked up
    public async Task AnItemStoredAfterTheReadIsLookedUp(int max)
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, source) = await StoreAsync(app);
        var now = DateTimeOffset.UtcNow;
        await items.UpsertAsync(source, [.. Enumerable.Range(0, 10).Select(n => Draft($"k{n}", n % 2 == 0 ? "football" : "opera", now.AddMinutes(n)))]);

        var blocked = await items.MatchesToLeaveOutAsync("\"football\"", max);

        // Stored after the blocked ids were read: above the ceiling, so looked up on its own.
        await items.UpsertAsync(source, [Draft("late", "football", now.AddMinutes(20)), Draft("late-ok", "opera", now.AddMinutes(21))]);
        var page = await items.ListAsync(new ItemFilter(Limit: 20) { Blocked = blocked });

        Assert.Equal(max < 5 ? 2 : 5, blocked.Ids.Split(',').Length);
        Assert.Equal(max < 5, blocked.Floor > long.MinValue);
        Assert.Equal(["late-ok", "k9", "k7", "k5", "k3", "k1"], page.Select(i => i.Key));
    }

    [Fact]
    public async Task AnOldItemRedatedToTheTopIsCheckedToo()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, source) = await StoreAsync(app);
        var now = DateTimeOffset.UtcNow;
        await items.UpsertAsync(source, [Draft("old-blocked", "football", now.AddDays(-30)), Draft("old-ok", "opera", now.AddDays(-30).AddMinutes(1))]);
        await items.UpsertAsync(source, [.. Enumerable.Range(0, 5).Select(n => Draft($"k{n}", "opera", now.AddHours(-2).AddMinutes(n)))]);
        // Both old items are re-dated by their feed: their ids are far below the others'.
        await items.UpsertAsync(source, [
            Draft("old-blocked", "football", now.AddMinutes(-1)) with { EntryHash = "changed-1" },
            Draft("old-ok", "opera", now.AddMinutes(-2)) with { EntryHash = "changed-2" }]);

        var page = await items.ListAsync(new ItemFilter(Limit: 3) { Blocked = await items.MatchesToLeaveOutAsync("\"football\"", 3) });

        Assert.Equal(["old-ok", "k4", "k3", "k2"], page.Select(i => i.Key));
    }

    [Fact]
    public async Task TheCursorWalksPastBlockedItemsWithoutLosingAny()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, source) = await StoreAsync(app);
        var now = DateTimeOffset.UtcNow;
        await items.UpsertAsync(source, [.. Enumerable.Range(0, 30).Select(n => Draft($"k{n}", n % 3 == 0 ? "opera" : "football", now.AddMinutes(n)))]);

        var seen = new List<string>();
        ItemPosition? after = null;
        while (true)
        {
            var page = await items.ListAsync(new ItemFilter(Limit: 2, After: after) { Blocked = await items.MatchesToLeaveOutAsync("\"football\"", 3) });
            seen.AddRange(page.Take(2).Select(i => i.Key));
            if (page.Count <= 2)
            {
                break;
            }

            after = new ItemPosition(page[1].SortAt.ToUnixTimeMilliseconds(), page[1].Id);
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(n => $"k{27 - (n * 3)}"), seen);
    }

    private static async Task<(ItemStore Items, long Source)> StoreAsync(AggregatorApp app)
    {
        var source = await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://blocked.example/feed", "Blocked", 60, false));
        return (app.Services.GetRequiredService<ItemStore>(), source!.Id);
    }

    private static ItemDraft Draft(string key, string word, DateTimeOffset published) => new(
        key, key, $"https://blocked.example/{key}", $"Item {key}", null, published, null, null, $"<p>{word} {key}</p>", $"{word} {key}", [], [], $"hash-{key}");
}
