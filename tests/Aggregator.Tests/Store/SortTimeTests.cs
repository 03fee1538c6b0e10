using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Store;

/// <summary>
/// An item sorts by its publication date, never later than its fetch: a feed that dates entries in the
/// future does not hold them at the top of every listing. The date the feed claims is kept.
/// </summary>
public sealed class SortTimeTests
{
    [Fact]
    public async Task AnItemDatedInTheFutureSortsAtItsFetchAndKeepsItsClaimedDate()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, source) = await StoreAsync(app);
        var now = DateTimeOffset.UtcNow;
        var claimed = now.AddYears(1);
        await items.UpsertAsync(source, [Draft("future", claimed)]);
        // Published after the future-dated item was fetched: newer than where that item sorts.
        await items.UpsertAsync(source, [Draft("recent", DateTimeOffset.UtcNow)]);

        var page = await items.ListAsync(new ItemFilter(Limit: 10));

        Assert.Equal(["recent", "future"], page.Select(i => i.Key));
        var future = page.Single(i => i.Key == "future");
        Assert.Equal(claimed.ToUnixTimeMilliseconds(), future.Published!.Value.ToUnixTimeMilliseconds());
        Assert.True(future.SortAt <= DateTimeOffset.UtcNow);
        Assert.True(future.SortAt >= now.AddSeconds(-1));
    }

    [Fact]
    public async Task AnUpdateMovesAnItemToItsNewDateButNotIntoTheFuture()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, source) = await StoreAsync(app);
        var now = DateTimeOffset.UtcNow;
        await items.UpsertAsync(source, [Draft("a", now.AddDays(-3))]);

        await items.UpsertAsync(source, [Draft("a", now.AddDays(-1)) with { EntryHash = "second" }]);
        var moved = (await items.ListAsync(new ItemFilter(Limit: 1)))[0];
        await items.UpsertAsync(source, [Draft("a", now.AddDays(30)) with { EntryHash = "third" }]);
        var kept = (await items.ListAsync(new ItemFilter(Limit: 1)))[0];

        Assert.Equal(now.AddDays(-1).ToUnixTimeMilliseconds(), moved.SortAt.ToUnixTimeMilliseconds());
        Assert.Equal(moved.SortAt, kept.SortAt);
        Assert.Equal(now.AddDays(30).ToUnixTimeMilliseconds(), kept.Published!.Value.ToUnixTimeMilliseconds());
    }

    private static async Task<(ItemStore Items, long Source)> StoreAsync(AggregatorApp app)
    {
        var source = await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://dates.example/feed", "Dates", 60, false));
        return (app.Services.GetRequiredService<ItemStore>(), source!.Id);
    }

    private static ItemDraft Draft(string key, DateTimeOffset published) => new(
        key, key, $"https://dates.example/{key}", $"Item {key}", null, published, null, null, $"<p>{key}</p>", key, [], [], $"hash-{key}");
}
