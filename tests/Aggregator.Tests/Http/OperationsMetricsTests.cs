using System.Globalization;
using Aggregator.Tests.Fetch;
using Aggregator.Tests.Retention;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Http;

public sealed class OperationsMetricsTests
{
    [Fact]
    public async Task MetricsShowQueueDepthRefreshesInProgressAndWhatRetentionRemoved()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Feed(AgedFeed.Rss(("a", 1), ("e", 40))));
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, AgedFeed.Settings(("RetentionMaxAgeDays", "30")));
        await AgedFeed.AddAndFetchAsync(app, site.Url("/feed.xml"));
        await AgedFeed.RunAsync(app);
        using var client = app.CreateClient();

        var values = (await client.GetStringAsync("/metrics")).Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));

        Assert.Equal(0, values["aggregator_fetch_queue_depth"]); // the one source is scheduled in the future
        Assert.Equal(0, values["aggregator_refreshes_in_progress"]);
        Assert.Equal(1, values["aggregator_retention_runs_total"]);
        Assert.Equal(1, values["aggregator_retention_items_removed_total"]);
        Assert.Equal(1, values["aggregator_retention_tombstones"]);
        Assert.Equal(1, values["aggregator_items"]);
        Assert.True(values["aggregator_write_turns_total"] >= 2, "the fetch and the retention run each took the write turn");
        Assert.True(values["aggregator_write_turn_seconds_total"] > 0);
        Assert.InRange(values["aggregator_write_commits_total"], 1, values["aggregator_write_turns_total"]);
    }
}
