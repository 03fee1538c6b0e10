using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Fetch;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Sources;

public sealed class SourceHealthTests
{
    [Fact]
    public async Task TheHealthFilterAndSummaryShowAFailingSourceAndItsRecovery()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/good.xml", Hostile.Feed()).Handle("/flaky.xml", Hostile.Feed());
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var good = (await app.AddSourceAsync(site.Url("/good.xml"))).GetProperty("id").GetInt64();
        var flaky = (await app.AddSourceAsync(site.Url("/flaky.xml"))).GetProperty("id").GetInt64();
        await app.WaitForSourceAsync(good, s => s.GetProperty("lastStatus").GetString() == "ok");
        await app.WaitForSourceAsync(flaky, s => s.GetProperty("lastStatus").GetString() == "ok");
        using var client = app.CreateClient();
        site.Handle("/flaky.xml", Hostile.Status(500));

        await app.RefreshAndWaitAsync(flaky);
        var failing = await IdsAsync(client, "failing");
        var healthy = await IdsAsync(client, "healthy");
        var dead = await IdsAsync(client, "dead");
        var sick = await client.GetFromJsonAsync<JsonElement>("/api/sources/health");
        var bad = await client.GetAsync("/api/sources?health=sick");
        site.Handle("/flaky.xml", Hostile.Feed(Hostile.Rss.Replace("Hello", "Hello again", StringComparison.Ordinal)));
        await app.RefreshAndWaitAsync(flaky);
        var recovered = await client.GetFromJsonAsync<JsonElement>("/api/sources/health");
        var failingAfter = await IdsAsync(client, "failing");

        Assert.Equal([flaky], failing);
        Assert.Equal([good], healthy);
        Assert.Empty(dead);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("healthy, failing or dead", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("""{"healthy":1,"failing":1,"dead":0}""", sick.GetProperty("counts").GetRawText());
        var entry = Assert.Single(sick.GetProperty("sources").EnumerateArray());
        Assert.Equal(flaky, entry.GetProperty("id").GetInt64());
        Assert.Equal("failing", entry.GetProperty("health").GetString());
        Assert.Contains("500", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("500", entry.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, entry.GetProperty("consecutiveFailures").GetInt32());
        Assert.True(entry.GetProperty("since").GetDateTimeOffset() > entry.GetProperty("lastSuccessAt").GetDateTimeOffset());
        Assert.Equal(0.14, entry.GetProperty("itemsPerDay").GetDouble()); // one undated item, fetched today: 1/7
        Assert.Equal("""{"healthy":2,"failing":0,"dead":0}""", recovered.GetProperty("counts").GetRawText());
        Assert.Empty(recovered.GetProperty("sources").EnumerateArray());
        Assert.Empty(failingAfter);
    }

    [Fact]
    public async Task EverySourceCarriesItsLastSuccessHealthSinceAndItemsPerDay()
    {
        await using var site = await FixtureServer.StartAsync();
        site.Handle("/feed.xml", Hostile.Feed());
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var id = (await app.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();

        var source = await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");

        Assert.Equal(0.14, source.GetProperty("itemsPerDay").GetDouble());
        Assert.Equal(source.GetProperty("lastFetchedAt").GetString(), source.GetProperty("lastSuccessAt").GetString());
        Assert.NotEqual(JsonValueKind.Null, source.GetProperty("healthSince").ValueKind);
    }

    private static async Task<long[]> IdsAsync(HttpClient client, string health) =>
        [.. (await client.GetFromJsonAsync<JsonElement[]>($"/api/sources?health={health}"))!.Select(s => s.GetProperty("id").GetInt64())];
}
