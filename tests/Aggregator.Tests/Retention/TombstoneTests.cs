using Aggregator.Retention;
using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Retention;

/// <summary>The tombstone check inside the store's upsert, and tombstone expiry, on the real store.</summary>
public sealed class TombstoneTests
{
    [Fact]
    public async Task TheUpsertRefusesAnEntryRetentionRemovedUntilItsTombstoneExpires()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, AgedFeed.Settings(("RetentionMaxAgeDays", "10")));
        var sources = app.Services.GetRequiredService<SourceStore>();
        var items = app.Services.GetRequiredService<ItemStore>();
        var source = (await sources.AddAsync(new SourceDefinition("https://old.example/feed", "Old", 60, false)))!.Id;
        var old = Draft("old", DateTimeOffset.UtcNow.AddDays(-20));
        var fresh = Draft("fresh", DateTimeOffset.UtcNow.AddDays(-1));
        await items.UpsertAsync(source, [old, fresh]);

        var report = await app.Services.GetRequiredService<RetentionSweeper>().SweepAsync(CancellationToken.None);
        var again = await items.UpsertAsync(source, [old with { EntryHash = "changed" }, fresh with { EntryHash = "changed" }]);
        // 30 days is the shortest tombstone life (twice 10 days is less): a day later it has expired.
        var later = new RetentionStore(app.Services.GetRequiredService<Database>(), new ShiftedClock(TimeSpan.FromDays(31)));
        var expired = await later.ExpireTombstonesAsync(500);
        var afterExpiry = await items.UpsertAsync(source, [old]);

        Assert.Equal(1, report.Removed);
        Assert.Equal(new UpsertCounts(0, 1), again);
        Assert.Equal(1, expired);
        Assert.Equal(new UpsertCounts(1, 0), afterExpiry);
    }

    [Fact]
    public async Task ATombstoneLastsTwiceTheMaximumAgeWhenThatIsLongerThanThirtyDays()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, AgedFeed.Settings(("RetentionMaxAgeDays", "40")));
        var source = (await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://old.example/feed", "Old", 60, false)))!.Id;
        await app.Services.GetRequiredService<ItemStore>().UpsertAsync(source, [Draft("old", DateTimeOffset.UtcNow.AddDays(-50))]);
        await app.Services.GetRequiredService<RetentionSweeper>().SweepAsync(CancellationToken.None);
        var database = app.Services.GetRequiredService<Database>();

        var after79Days = await new RetentionStore(database, new ShiftedClock(TimeSpan.FromDays(79))).ExpireTombstonesAsync(500);
        var after81Days = await new RetentionStore(database, new ShiftedClock(TimeSpan.FromDays(81))).ExpireTombstonesAsync(500);

        Assert.Equal(0, after79Days);
        Assert.Equal(1, after81Days);
    }

    [Fact]
    public async Task ACopyOfARemovedItemsStoryTakesItsOwnIdAsTheStoryLabel()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, AgedFeed.Settings(("RetentionMaxAgeDays", "10")));
        var sources = app.Services.GetRequiredService<SourceStore>();
        var items = app.Services.GetRequiredService<ItemStore>();
        var first = (await sources.AddAsync(new SourceDefinition("https://first.example/feed", "First", 60, false)))!.Id;
        var second = (await sources.AddAsync(new SourceDefinition("https://second.example/feed", "Second", 60, false)))!.Id;
        // The same address in two sources: one story, labelled with the first copy's id.
        await items.UpsertAsync(first, [Draft("story", DateTimeOffset.UtcNow.AddDays(-20))]);
        await items.UpsertAsync(second, [Draft("story", DateTimeOffset.UtcNow.AddDays(-1))]);
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var before = (await Dapper.SqlMapper.QueryAsync<(long Id, long StoryId)>(connection, "SELECT id, story_id FROM items ORDER BY id")).ToList();

        await app.Services.GetRequiredService<RetentionSweeper>().SweepAsync(CancellationToken.None);
        var after = (await Dapper.SqlMapper.QueryAsync<(long Id, long StoryId)>(connection, "SELECT id, story_id FROM items ORDER BY id")).ToList();

        Assert.Equal(before[0].Id, before[1].StoryId);
        Assert.Equal([(before[1].Id, before[1].Id)], after);
    }

    [Fact]
    public async Task DeletingASourceRelabelsTheStoriesItsItemsLabelled()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var sources = app.Services.GetRequiredService<SourceStore>();
        var items = app.Services.GetRequiredService<ItemStore>();
        var first = (await sources.AddAsync(new SourceDefinition("https://first.example/feed", "First", 60, false)))!.Id;
        var second = (await sources.AddAsync(new SourceDefinition("https://second.example/feed", "Second", 60, false)))!.Id;
        await items.UpsertAsync(first, [Draft("story", DateTimeOffset.UtcNow.AddDays(-2))]);
        await items.UpsertAsync(second, [Draft("story", DateTimeOffset.UtcNow.AddDays(-1))]);
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var before = (await Dapper.SqlMapper.QueryAsync<(long Id, long StoryId)>(connection, "SELECT id, story_id FROM items ORDER BY id")).ToList();

        Assert.True(await sources.DeleteAsync(first));
        var after = (await Dapper.SqlMapper.QueryAsync<(long Id, long StoryId)>(connection, "SELECT id, story_id FROM items ORDER BY id")).ToList();

        Assert.Equal(before[0].Id, before[1].StoryId);
        Assert.Equal([(before[1].Id, before[1].Id)], after);
    }

    private static ItemDraft Draft(string key, DateTimeOffset published) => new(
        key, key, $"https://example.com/{key}", $"Item {key}", null, published, null, "text", "<p>text</p>", "text", [], [], $"hash-{key}");

    private sealed class ShiftedClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + by;
    }
}
