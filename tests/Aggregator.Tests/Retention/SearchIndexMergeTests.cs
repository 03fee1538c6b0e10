using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Retention;

/// <summary>
/// The maintenance run merges the full-text index's segments when due: searches find the same items
/// afterwards, the merge goes on while fetches write between its turns, and the next run within the
/// interval leaves the index alone unless it holds <c>SearchIndexMergeSegments</c> segments again.
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

        var left = await merge.SegmentsAsync();
        Assert.True(left < segments, $"{left} of {segments} segments left");
        Assert.Equal(segments - left, first.GetProperty("searchSegmentsMerged").GetInt64());
        Assert.Equal(0, second.GetProperty("searchSegmentsMerged").GetInt64());
        Assert.Equal(["item0", "item2", "item4"], before);
        Assert.Equal(before, await KeysAsync(app, "harbour"));
        Assert.Equal(["item1", "item3", "item5"], await KeysAsync(app, "orch*"));
    }

    [Fact]
    public async Task WithinTheIntervalTheRunMergesOnceTheIndexHoldsEnoughSegments()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:SearchIndexMergeSegments"] = "4" });
        var source = (await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://count.example/feed", "Count", 60, false)))!.Id;
        var items = app.Services.GetRequiredService<ItemStore>();
        var merge = app.Services.GetRequiredService<SearchIndexMerge>();
        var now = DateTimeOffset.UtcNow;
        var written = 0;
        async Task WriteAsync(int turns) => written = await WriteHarbourAsync(items, source, written, turns, now);

        await WriteAsync(2);
        Assert.True((await Aggregator.Tests.Retention.AgedFeed.RunAsync(app)).GetProperty("searchSegmentsMerged").GetInt64() > 0, "the first run merges");
        Assert.Equal(1, await merge.SegmentsAsync());

        // One segment per upsert: FTS5 flushes its hash once per transaction here, and merges on its
        // own only from 16 segments of a level (migration 012).
        await WriteAsync(2);
        Assert.Equal(3, await merge.SegmentsAsync());
        Assert.Equal(0, (await Aggregator.Tests.Retention.AgedFeed.RunAsync(app)).GetProperty("searchSegmentsMerged").GetInt64());

        await WriteAsync(1);
        Assert.Equal(4, await merge.SegmentsAsync());
        var merged = (await Aggregator.Tests.Retention.AgedFeed.RunAsync(app)).GetProperty("searchSegmentsMerged").GetInt64();
        Assert.True(merged > 0, "four segments within the interval: merged");
        Assert.Equal(4 - merged, await merge.SegmentsAsync());
        Assert.Equal(5, (await KeysAsync(app, "harbour")).Count);
    }

    [Fact]
    public async Task LightMergesByCountDoNotPutOffTheIntervalsThoroughMerge()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:SearchIndexMergeSegments"] = "4" });
        var source = (await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://light.example/feed", "Light", 60, false)))!.Id;
        var items = app.Services.GetRequiredService<ItemStore>();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var sweeper = new Aggregator.Retention.RetentionSweeper(
            app.Services.GetRequiredService<RetentionStore>(), app.Services.GetRequiredService<SearchIndexMerge>(),
            app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AggregatorOptions>>(), clock,
            app.Services.GetRequiredService<Aggregator.Http.ServiceMetrics>(),
            app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Aggregator.Retention.RetentionSweeper>>());
        var written = 0;
        async Task WriteAsync(int turns) => written = await WriteHarbourAsync(items, source, written, turns, clock.GetUtcNow());

        await WriteAsync(2);
        var start = clock.GetUtcNow();
        Assert.True((await sweeper.SweepAsync(CancellationToken.None)).SearchSegmentsMerged > 0, "the first run merges");
        Assert.Equal(start, sweeper.LastThoroughMerge);

        for (var hour = 1; hour <= 3; hour++)
        {
            await WriteAsync(4);
            clock.Advance(TimeSpan.FromHours(1));
            Assert.True((await sweeper.SweepAsync(CancellationToken.None)).SearchSegmentsMerged > 0, $"hour {hour}: merged by count");
            Assert.Equal(start, sweeper.LastThoroughMerge);
        }

        clock.Advance(TimeSpan.FromHours(22));
        await sweeper.SweepAsync(CancellationToken.None);
        Assert.Equal(start.AddHours(25), sweeper.LastThoroughMerge);
        Assert.Equal(14, (await KeysAsync(app, "harbour")).Count);
    }

    /// <summary>Writes items <paramref name="from"/> on, one write turn (so one segment) each; returns the next number.</summary>
    private static async Task<int> WriteHarbourAsync(ItemStore items, long source, int from, int turns, DateTimeOffset now)
    {
        for (var n = from; n < from + turns; n++)
        {
            await items.UpsertAsync(source, [Draft($"item{n}", now.AddMinutes(-n), $"harbour pilot {n}")]);
        }

        return from + turns;
    }

    [Fact]
    public async Task TheMergeEndsWhileFetchesKeepAddingSegments()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var source = (await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://busy.example/feed", "Busy", 60, false)))!.Id;
        var items = app.Services.GetRequiredService<ItemStore>();
        var now = DateTimeOffset.UtcNow;
        for (var n = 0; n < 6; n++)
        {
            await items.UpsertAsync(source, [Draft($"old{n}", now.AddMinutes(-n), $"harbour pilot {n}")]);
        }

        // A page per turn: many turns, so fetches land between them as they would between a big index's.
        var merge = new SearchIndexMerge(app.Services.GetRequiredService<Database>(), pagesPerTurn: 1);
        using var stop = new CancellationTokenSource();
        var fetches = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                await items.UpsertAsync(source, [Draft($"new{n}", now, $"orchard frost {n}")]);
            }
        });

        var turns = await merge.MergeAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await fetches;

        Assert.True(turns >= 1);
        Assert.Equal(6, (await KeysAsync(app, "harbour")).Count);
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
