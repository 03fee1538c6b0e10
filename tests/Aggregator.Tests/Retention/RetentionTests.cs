using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Fetch;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Retention;

public sealed class RetentionTests
{
    private static readonly (string, double)[] SixAges = [("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 40), ("f", 50)];

    [Fact]
    public async Task RetentionRemovesExactlyTheItemsBeyondTheAgeAndCountLimitsButKeepsStarredOnes()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Feed(AgedFeed.Rss(SixAges)));
        using var folder = new TempFolder();
        // A batch of one item per transaction: the run must go on batch after batch.
        await using var app = new AggregatorApp(folder, AgedFeed.Settings(("RetentionMaxAgeDays", "30"), ("RetentionMaxItemsPerSource", "3"), ("RetentionBatchSize", "1")));
        var source = await AgedFeed.AddAndFetchAsync(app, site.Url("/feed.xml"));
        var before = await AgedFeed.ItemsAsync(app, source);
        using var admin = app.CreateAdminClient();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsync($"/api/items/{before["f"]}/star", null)).StatusCode);

        var report = await AgedFeed.RunAsync(app);
        var after = await AgedFeed.ItemsAsync(app, source);

        // Count keeps a, b, c; age would also drop e and f; f is starred.
        Assert.Equal(6, before.Count);
        Assert.Equal(2, report.GetProperty("removed").GetInt32());
        Assert.Equal(source, report.GetProperty("sources")[0].GetProperty("sourceId").GetInt64());
        Assert.Equal(new[] { before["a"], before["b"], before["c"], before["f"] }.Order(), after.Values.Order());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/items/{before["d"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/items/{before["e"]}")).StatusCode);
        Assert.Equal(0, (await AgedFeed.RunAsync(app)).GetProperty("removed").GetInt32());
    }

    [Fact]
    public async Task ASourcesOwnLimitsBeatTheGlobalOnes()
    {
        await using var site = await FixtureServer.StartAsync();
        var feed = AgedFeed.Rss(("a", 1), ("b", 2), ("e", 40), ("f", 50));
        site.Handle("/own-age.xml", Hostile.Feed(feed)).Handle("/from-file.xml", Hostile.Feed(feed)).Handle("/global.xml", Hostile.Feed(feed));
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("sources.json"), $$"""
            { "sources": [ { "url": "{{site.Url("/from-file.xml")}}", "fullPage": "never", "retentionMaxAgeDays": 365, "retentionMaxItems": 1 } ] }
            """);
        await using var app = new AggregatorApp(folder, AgedFeed.Settings(("RetentionMaxAgeDays", "30")));
        var ownAge = await AgedFeed.AddAndFetchAsync(app, site.Url("/own-age.xml"), new { retentionMaxAgeDays = 0 });
        var global = await AgedFeed.AddAndFetchAsync(app, site.Url("/global.xml"));
        using var client = app.CreateClient();
        var fromFile = (await client.GetFromJsonAsync<JsonElement[]>("/api/sources"))!
            .Single(s => s.GetProperty("url").GetString() == site.Url("/from-file.xml").AbsoluteUri);
        var fileId = fromFile.GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(fileId, s => s.GetProperty("lastStatus").GetString() == "ok");

        await AgedFeed.RunAsync(app);

        Assert.Equal(["a", "b", "e", "f"], (await AgedFeed.ItemsAsync(app, ownAge)).Keys.Order());
        Assert.Equal(["a"], (await AgedFeed.ItemsAsync(app, fileId)).Keys);
        Assert.Equal(["a", "b"], (await AgedFeed.ItemsAsync(app, global)).Keys.Order());
        Assert.Equal(365, fromFile.GetProperty("retentionMaxAgeDays").GetInt32());
        Assert.Equal(1, fromFile.GetProperty("retentionMaxItems").GetInt32());
        var own = await client.GetFromJsonAsync<JsonElement>($"/api/sources/{ownAge}");
        Assert.Equal(0, own.GetProperty("retentionMaxAgeDays").GetInt32());
        Assert.Equal(JsonValueKind.Null, own.GetProperty("retentionMaxItems").ValueKind);
    }

    [Fact]
    public async Task RemovedItemsLeaveTheSearchIndexAndTheNextFetchDoesNotBringThemBack()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Feed(AgedFeed.Rss(("a", 1), ("e", 40))));
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, AgedFeed.Settings(("RetentionMaxAgeDays", "30")));
        var source = await AgedFeed.AddAndFetchAsync(app, site.Url("/feed.xml"));
        var foundBefore = await AgedFeed.ItemsAsync(app, source, "&q=worde");

        await AgedFeed.RunAsync(app);
        var foundAfter = await AgedFeed.ItemsAsync(app, source, "&q=worde");
        // The feed still carries e, now changed too, beside a new entry n.
        site.Handle("/feed.xml", Hostile.Feed(AgedFeed.Rss(("n", 0.5), ("a", 1), ("e", 40)).Replace("entry e,", "entry e (edited),", StringComparison.Ordinal)));
        var refreshed = await app.RefreshAndWaitAsync(source);

        Assert.Single(foundBefore);
        Assert.Empty(foundAfter);
        Assert.Equal("ok", refreshed.GetProperty("lastStatus").GetString());
        Assert.Equal(["a", "n"], (await AgedFeed.ItemsAsync(app, source)).Keys.Order());
        Assert.Empty(await AgedFeed.ItemsAsync(app, source, "&q=worde"));
    }

    [Fact]
    public async Task TheScheduledJobRemovesOldItemsWithoutBeingAsked()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Feed(AgedFeed.Rss(("a", 1), ("e", 40))));
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, AgedFeed.Settings(
            ("RetentionMaxAgeDays", "30"), ("RetentionStartDelaySeconds", "0"), ("RetentionIntervalMinutes", "0.01")));
        var source = await AgedFeed.AddAndFetchAsync(app, site.Url("/feed.xml"));

        await Poll.UntilAsync(async () => (await AgedFeed.ItemsAsync(app, source)).Count == 1, "the retention job to remove the old item");

        Assert.Equal(["a"], (await AgedFeed.ItemsAsync(app, source)).Keys);
    }

    [Fact]
    public async Task StarringNeedsTheAdminKeyShowsInTheItemAndFiltersTheListing()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Feed(AgedFeed.Rss(("a", 1), ("b", 2))));
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, AgedFeed.Settings());
        var source = await AgedFeed.AddAndFetchAsync(app, site.Url("/feed.xml"));
        var items = await AgedFeed.ItemsAsync(app, source);
        using var anonymous = app.CreateClient();
        using var admin = app.CreateAdminClient();

        var keyless = await anonymous.PutAsync($"/api/items/{items["a"]}/star", null);
        var missing = await admin.PutAsync("/api/items/999999/star", null);
        var starred = await admin.PutAsync($"/api/items/{items["a"]}/star", null);
        var item = await anonymous.GetFromJsonAsync<JsonElement>($"/api/items/{items["a"]}");
        var onlyStarred = await AgedFeed.ItemsAsync(app, source, "&starred=true");
        var onlyOthers = await AgedFeed.ItemsAsync(app, source, "&starred=false");
        var bad = await anonymous.GetAsync("/api/items?starred=yes");
        var unstarred = await admin.DeleteAsync($"/api/items/{items["a"]}/star");
        var afterUnstar = await AgedFeed.ItemsAsync(app, source, "&starred=true");

        Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, starred.StatusCode);
        Assert.True(item.GetProperty("starred").GetBoolean());
        Assert.Equal(["a"], onlyStarred.Keys);
        Assert.Equal(["b"], onlyOthers.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("starred", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, unstarred.StatusCode);
        Assert.Empty(afterUnstar);
    }

    [Fact]
    public async Task PatchingASourceChangesItsLimitsAndTheNextRunFollowsThem()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Feed(AgedFeed.Rss(("a", 1), ("b", 2), ("c", 3))));
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, AgedFeed.Settings());
        var source = await AgedFeed.AddAndFetchAsync(app, site.Url("/feed.xml"));
        using var admin = app.CreateAdminClient();

        var bad = await admin.PatchAsJsonAsync($"/api/sources/{source}", new { retentionMaxAgeDays = -3 });
        var patched = await admin.PatchAsJsonAsync($"/api/sources/{source}", new { retentionMaxItems = 2 });
        var body = await patched.Content.ReadFromJsonAsync<JsonElement>();
        await AgedFeed.RunAsync(app);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(2, body.GetProperty("retentionMaxItems").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("retentionMaxAgeDays").ValueKind);
        Assert.Equal(["a", "b"], (await AgedFeed.ItemsAsync(app, source)).Keys.Order());
    }

    [Fact]
    public async Task ANegativeLimitIsRefusedByTheApiAndTheSourcesFile()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, AgedFeed.Settings());
        using var admin = app.CreateAdminClient();
        File.WriteAllText(folder.File("bad.json"), """{ "sources": [ { "url": "https://example.com/feed", "retentionMaxItems": -5 } ] }""");

        var response = await admin.PostAsJsonAsync("/api/sources", new { url = "https://example.com/feed", retentionMaxAgeDays = -1 });
        var error = Assert.Throws<Aggregator.Sources.SourceConfigException>(() => Aggregator.Sources.SourcesFile.Load(folder.File("bad.json"), 60));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("retentionMaxAgeDays: -1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("sources[0].retentionMaxItems: -5", error.Message, StringComparison.Ordinal);
    }
}
