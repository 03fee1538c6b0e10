using System.Text.Json;
using Aggregator.Tests.Fetch;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Schedule;

public sealed class HealthTests
{
    [Fact]
    public async Task GoneDisablesTheSourceWithTheReason()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Feed());
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var id = (await app.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");
        site.Handle("/feed.xml", Hostile.Status(410));

        var gone = await app.RefreshAndWaitAsync(id);

        Assert.False(gone.GetProperty("enabled").GetBoolean());
        Assert.Equal("dead", gone.GetProperty("health").GetString());
        Assert.Contains("410", gone.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        Assert.Contains("gone", gone.GetProperty("healthReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, gone.GetProperty("nextFetchAt").ValueKind);
        Assert.Equal(1, gone.GetProperty("itemCount").GetInt64());
    }

    [Fact]
    public async Task ALongStreakOfFailuresIsGradedDeadAndAGoodFetchHealsIt()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Feed());
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:DeadAfterFailures"] = "3" });
        var id = (await app.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");
        site.Handle("/feed.xml", Hostile.Status(502));

        var grades = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            grades.Add((await app.RefreshAndWaitAsync(id)).GetProperty("health").GetString());
        }

        var dead = await app.WaitForSourceAsync(id, _ => true);
        site.Handle("/feed.xml", Hostile.Feed(Hostile.Rss.Replace("Hello", "Hello again", StringComparison.Ordinal)));
        var healed = await app.RefreshAndWaitAsync(id);

        Assert.Equal(["failing", "failing", "dead"], grades);
        Assert.Contains("502", dead.GetProperty("healthReason").GetString(), StringComparison.Ordinal);
        Assert.True(dead.GetProperty("nextFetchAt").GetDateTimeOffset() > DateTimeOffset.UtcNow, "a dead source is still polled");
        Assert.Equal("healthy", healed.GetProperty("health").GetString());
        Assert.Equal(JsonValueKind.Null, healed.GetProperty("healthReason").ValueKind);
        Assert.True(healed.GetProperty("healthSince").GetDateTimeOffset() > dead.GetProperty("healthSince").GetDateTimeOffset());
    }

    [Fact]
    public async Task AHealthySourceIsFetchedWhileAHostileOneHangs()
    {
        await using var hostile = await FixtureServer.StartAsync();
        await using var healthy = await FixtureServer.StartAsync();
        hostile.Handle("/feed.xml", Hostile.Feed());
        healthy.Handle("/feed.xml", Hostile.Feed());
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:FetchTimeoutSeconds"] = "5" });
        var bad = (await app.AddSourceAsync(hostile.Url("/feed.xml"))).GetProperty("id").GetInt64();
        var good = (await app.AddSourceAsync(healthy.Url("/feed.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(bad, s => s.GetProperty("lastStatus").GetString() == "ok");
        await app.WaitForSourceAsync(good, s => s.GetProperty("lastStatus").GetString() == "ok");
        hostile.Handle("/feed.xml", Hostile.HangAsync);
        var hostileHits = hostile.Hits("/feed.xml");
        var healthyHits = healthy.Hits("/feed.xml");
        using var admin = app.CreateAdminClient();
        await admin.PostAsync($"/api/sources/{bad}/refresh", null);
        await Poll.UntilAsync(() => Task.FromResult(hostile.Hits("/feed.xml") > hostileHits), "the hostile source to be requested");

        await app.RefreshAndWaitAsync(good);
        await app.RefreshAndWaitAsync(good);

        // Both refreshes of the healthy source finished while the hostile one still hangs (its timeout
        // is 5 s): its log still holds only the first fetch.
        Assert.Single(await ConditionalFetchTests.FetchesAsync(app, bad));
        Assert.Equal(healthyHits + 2, healthy.Hits("/feed.xml"));
    }

    [Fact]
    public async Task ATooManyRequestsOnOneSourceDefersTheOthersOnItsHost()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/a.xml", Hostile.Feed()).Handle("/b.xml", Hostile.Feed());
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var a = (await app.AddSourceAsync(site.Url("/a.xml"))).GetProperty("id").GetInt64();
        var b = (await app.AddSourceAsync(site.Url("/b.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(a, s => s.GetProperty("lastStatus").GetString() == "ok");
        await app.WaitForSourceAsync(b, s => s.GetProperty("lastStatus").GetString() == "ok");
        site.Handle("/a.xml", Hostile.Status(429, c => c.Response.Headers.RetryAfter = "600"));
        var hitsOfB = site.Hits("/b.xml");

        var limited = await app.RefreshAndWaitAsync(a);
        using var admin = app.CreateAdminClient();
        await admin.PostAsync($"/api/sources/{b}/refresh", null);
        JsonElement[] log = [];
        await Poll.UntilAsync(async () => (log = await ConditionalFetchTests.FetchesAsync(app, b))[0].GetProperty("status").GetString() == "deferred", "b to be deferred");
        var deferred = await app.WaitForSourceAsync(b, _ => true);

        Assert.True(limited.GetProperty("nextFetchAt").GetDateTimeOffset() >= DateTimeOffset.UtcNow.AddSeconds(590));
        Assert.Equal(hitsOfB, site.Hits("/b.xml"));
        Assert.True(deferred.GetProperty("nextFetchAt").GetDateTimeOffset() >= DateTimeOffset.UtcNow.AddSeconds(590));
        Assert.Equal("ok", deferred.GetProperty("lastStatus").GetString());
        Assert.Contains("429", log[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
