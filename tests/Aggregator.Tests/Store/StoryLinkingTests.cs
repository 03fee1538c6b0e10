using Aggregator.Store;
using Aggregator.Tests.Support;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Store;

/// <summary>
/// Near-duplicate story linking works out its candidates before the write turn, on a snapshot and from
/// the recent fingerprints held in memory; these show it still finds what the turn alone would have:
/// a copy stored after the snapshot, a copy another process wrote, an old copy outside the recent
/// window, and never a copy that is gone.
/// </summary>
public sealed class StoryLinkingTests
{
    private const string Text =
        "The city council voted on Tuesday to approve the new transit plan after a long debate that ran well past midnight, "
        + "with members citing rising ridership, aging buses and the cost of repairs on the northern line as reasons to act now "
        + "rather than wait for the federal grant that may or may not arrive before the end of the next fiscal year.";

    private const string OtherText =
        "A rare orchid thought lost for a century has been found growing on a shaded cliff in the southern hills, where "
        + "botanists counted eleven flowering plants and collected seeds for the national bank so that the species can be "
        + "grown again in gardens and returned to the wild if the small surviving population fails in a dry summer.";

    [Fact]
    public async Task ACopyStoredAfterTheSnapshotIsFoundInsideTheTurn()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, database, sources) = await StoreAsync(app, 2);
        var now = DateTimeOffset.UtcNow;
        var copy = NewItem.Of(Draft("copy", now, Text + " Reported by the second outlet."), now.ToUnixTimeMilliseconds());

        // The waiting fetch read its snapshot before the first copy was stored.
        var snapshot = await StorySnapshot.ReadAsync(database, new RecentPrints(TimeProvider.System), sources[1], [copy], default);
        await items.UpsertAsync(sources[0], [Draft("first", now.AddMinutes(-5), Text)]);
        var first = await IdAsync(database, "first");

        await using var write = await database.BeginWriteAsync();
        var since = snapshot.ReadSince(write, sources[1]);
        Assert.NotNull(since);
        Assert.True(since.TryStoryOf(copy, out var story));
        Assert.Equal(first, story);
    }

    [Fact]
    public async Task ARowTheRecentPrintsHoldButTheSnapshotCannotSeeIsComparedInsideTheTurn()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, database, sources) = await StoreAsync(app, 3);
        var now = DateTimeOffset.UtcNow;
        await items.UpsertAsync(sources[0], [Draft("unrelated", now.AddMinutes(-10), OtherText)]);
        var ceiling = await IdAsync(database, "unrelated");
        var recent = new RecentPrints(TimeProvider.System);
        await using (var connection = await database.OpenAsync())
        await using (var read = connection.BeginTransaction(deferred: true))
        {
            recent.EnsureLoaded(connection, read);
        }

        // Another fetch's row, committed and taken into the prints just after this snapshot began.
        var firstDraft = Draft("first", now.AddMinutes(-5), Text);
        var first = NewItem.Of(firstDraft, now.ToUnixTimeMilliseconds());
        recent.Add([new RecentPrints.Entry(first.SortAt, ceiling + 1, ceiling + 1, first.Fingerprint!.Value, sources[1])], ceiling, ceiling + 1);
        var copy = NewItem.Of(Draft("copy", now, Text + " Reported by a third outlet."), now.ToUnixTimeMilliseconds());
        var snapshot = await StorySnapshot.ReadAsync(database, recent, sources[2], [copy], default);
        await items.UpsertAsync(sources[1], [firstDraft]);
        Assert.Equal(ceiling + 1, await IdAsync(database, "first"));

        await using var write = await database.BeginWriteAsync();
        var since = snapshot.ReadSince(write, sources[2]);
        Assert.NotNull(since);
        Assert.True(since.TryStoryOf(copy, out var story));
        Assert.Equal(ceiling + 1, story);
    }

    [Fact]
    public async Task ACopyAnotherProcessWroteIsJoined()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, database, sources) = await StoreAsync(app, 3);
        var now = DateTimeOffset.UtcNow;
        // The service's store has loaded its recent prints; the CLI's own store then writes a story.
        await items.UpsertAsync(sources[0], [Draft("unrelated", now.AddMinutes(-10), OtherText)]);
        var cli = new ItemStore(database, TimeProvider.System);
        await cli.UpsertAsync(sources[1], [Draft("cli", now.AddMinutes(-5), Text)]);

        await items.UpsertAsync(sources[2], [Draft("copy", now, Text + " Reported by a third outlet.")]);

        Assert.Equal(await IdAsync(database, "cli"), await StoryAsync(database, "copy"));
        Assert.Equal(await IdAsync(database, "unrelated"), await StoryAsync(database, "unrelated"));
    }

    [Fact]
    public async Task ACopyOfAnItemRemovedSinceStartsAStoryOfItsOwn()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, database, sources) = await StoreAsync(app, 2);
        var now = DateTimeOffset.UtcNow;
        await items.UpsertAsync(sources[0], [Draft("first", now.AddMinutes(-5), Text)]);
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM items WHERE item_key = 'first'");
        }

        await items.UpsertAsync(sources[1], [Draft("copy", now, Text + " Reported by the second outlet.")]);

        Assert.Equal(await IdAsync(database, "copy"), await StoryAsync(database, "copy"));
    }

    [Fact]
    public async Task ItemsOfADeletedSourceNoLongerCrowdOutTheCandidates()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, database, sources) = await StoreAsync(app, 3);
        var now = DateTimeOffset.UtcNow;
        await items.UpsertAsync(sources[0], [Draft("first", now.AddMinutes(-200), Text)]);
        // More items than a side's candidates (150), all between the copy and the first item, then gone.
        await items.UpsertAsync(sources[1], [.. Enumerable.Range(0, StoryLinker.MaxCandidates + 10)
            .Select(n => Draft($"noise{n}", now.AddMinutes(-1 - n), $"{OtherText} Bulletin number {n} of the day, filed at minute {n}."))]);
        Assert.True(await app.Services.GetRequiredService<SourceStore>().DeleteAsync(sources[1]));

        await items.UpsertAsync(sources[2], [Draft("copy", now, Text + " Reported by a third outlet.")]);

        Assert.Equal(await IdAsync(database, "first"), await StoryAsync(database, "copy"));
    }

    [Fact]
    public async Task CopiesOlderThanTheRecentPrintsAreFoundInTheDatabase()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var (items, database, sources) = await StoreAsync(app, 2);
        var then = DateTimeOffset.UtcNow.AddDays(-30);
        await items.UpsertAsync(sources[0], [Draft("first", then, Text)]);

        await items.UpsertAsync(sources[1], [Draft("copy", then.AddHours(3), Text + " Reported by the second outlet.")]);

        Assert.Equal(await IdAsync(database, "first"), await StoryAsync(database, "copy"));
    }

    private static async Task<(ItemStore Items, Database Database, long[] Sources)> StoreAsync(AggregatorApp app, int count)
    {
        var store = app.Services.GetRequiredService<SourceStore>();
        var sources = new long[count];
        for (var n = 0; n < count; n++)
        {
            sources[n] = (await store.AddAsync(new SourceDefinition($"https://outlet{n}.example/feed", $"Outlet {n}", 60, false)))!.Id;
        }

        return (app.Services.GetRequiredService<ItemStore>(), app.Services.GetRequiredService<Database>(), sources);
    }

    private static async Task<long> IdAsync(Database database, string key)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT id FROM items WHERE item_key = @key", new { key });
    }

    private static async Task<long> StoryAsync(Database database, string key)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT story_id FROM items WHERE item_key = @key", new { key });
    }

    private static ItemDraft Draft(string key, DateTimeOffset published, string text) => new(
        key, key, $"https://outlets.example/{key}", $"Item {key}", null, published, null, null, $"<p>{text}</p>", text, [], [], $"hash-{key}");
}
