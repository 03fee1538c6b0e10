using Aggregator.Store;
using Aggregator.Tests.Support;
using Dapper;
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

    [Fact]
    public async Task TheMigrationMovesItemsStoredWithAFutureSortTime()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, source) = await StoreAsync(app);
        var now = DateTimeOffset.UtcNow;
        await items.UpsertAsync(source, [Draft("past", now.AddHours(-2)), Draft("future", now.AddMinutes(-1))]);
        var database = app.Services.GetRequiredService<Database>();
        var future = now.AddYears(1).ToUnixTimeMilliseconds();
        await using (var connection = await database.OpenAsync())
        {
            // As stored before the clamp: sort_at at the claimed date, its hour in item_hours.
            await connection.ExecuteAsync("UPDATE items SET sort_at = @future WHERE item_key = 'future'", new { future });
            await connection.ExecuteAsync("INSERT INTO item_hours (hour, min_id) SELECT @future / 3600000, id FROM items WHERE item_key = 'future'", new { future });
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE number = 14");
        }

        await app.Services.GetRequiredService<Migrator>().MigrateAsync();

        var page = await items.ListAsync(new ItemFilter(Limit: 10));
        var moved = page.Single(i => i.Key == "future");
        Assert.Equal(moved.FetchedAt, moved.SortAt);
        Assert.Equal(["future", "past"], page.Select(i => i.Key));
        await using var check = await database.OpenAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM item_hours WHERE hour >= @hour", new { hour = future / 3600000 }));
        Assert.Equal(1, await check.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM item_hours h, items i WHERE i.item_key = 'future' AND h.hour = i.sort_at / 3600000 AND h.min_id <= i.id"));
    }

    private static async Task<(ItemStore Items, long Source)> StoreAsync(AggregatorApp app)
    {
        var source = await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://dates.example/feed", "Dates", 60, false));
        return (app.Services.GetRequiredService<ItemStore>(), source!.Id);
    }

    private static ItemDraft Draft(string key, DateTimeOffset published) => new(
        key, key, $"https://dates.example/{key}", $"Item {key}", null, published, null, null, $"<p>{key}</p>", key, [], [], $"hash-{key}");
}
