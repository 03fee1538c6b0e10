using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Query;

/// <summary>
/// Facets over a sample of three, on a store where ids do not follow dates: a steady source's items s1–s4,
/// published June 1–4 2024 at 10:00 and each fetched the next morning (ids 1–4), then a backlog of b1–b5,
/// published January 1–5 2023 and fetched together on June 6 (ids 5–9). Every item holds "news".
/// </summary>
public sealed class FacetSampleTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private AggregatorApp _app = null!;
    private long _steady;

    public async Task InitializeAsync()
    {
        _app = new AggregatorApp(_folder, new Dictionary<string, string?> { ["Aggregator:FacetSampleSize"] = "3" });
        var sources = _app.Services.GetRequiredService<SourceStore>();
        _steady = (await sources.AddAsync(new SourceDefinition("https://steady.example/feed", "Steady", 60, false)))!.Id;
        var backlog = (await sources.AddAsync(new SourceDefinition("https://backlog.example/feed", "Backlog", 60, false)))!.Id;
        var clock = new ManualClock();
        // The store's own class with a clock set per write: fetch times are the clock's.
        var items = new ItemStore(_app.Services.GetRequiredService<Database>(), clock);
        for (var day = 1; day <= 4; day++)
        {
            clock.Now = new DateTimeOffset(2024, 6, day + 1, 9, 0, 0, TimeSpan.Zero);
            await items.UpsertAsync(_steady, [Draft($"s{day}", new DateTimeOffset(2024, 6, day, 10, 0, 0, TimeSpan.Zero), "en")]);
        }

        clock.Now = new DateTimeOffset(2024, 6, 6, 12, 0, 0, TimeSpan.Zero);
        await items.UpsertAsync(backlog, [.. Enumerable.Range(1, 5).Select(day => Draft($"b{day}", new DateTimeOffset(2023, 1, day, 10, 0, 0, TimeSpan.Zero), "de"))]);
    }

    [Fact]
    public async Task ASampledListingHoldsTheNewestItemsByDateAndListsTheDaysItHoldsWhole()
    {
        var facets = await FacetsAsync("facets=day");

        // s4, s3 and s2 are the newest by date, though the backlog was stored after them; June 2 starts before s2.
        Assert.Equal(new DateTimeOffset(2024, 6, 2, 10, 0, 0, 1, TimeSpan.Zero), facets.GetProperty("periodsFrom").GetDateTimeOffset());
        Assert.Equal([("2024-06-04", 1L), ("2024-06-03", 1L)], Values(facets, "day"));
    }

    [Fact]
    public async Task ASampledSearchListsOnlyTheDaysItHoldsWholeAndCountsItsTotal()
    {
        var facets = await FacetsAsync("q=news&facets=day");

        // The search reads the most recently stored matches, b5, b4 and b3 (ids 9–7). Every item with a smaller
        // id was fetched, so dated, no later than b3's fetch (June 6, 12:00): only what is dated after that is
        // surely in the sample, and no day is.
        Assert.True(facets.GetProperty("sampled").GetBoolean());
        Assert.Equal(new DateTimeOffset(2024, 6, 6, 12, 0, 0, 1, TimeSpan.Zero), facets.GetProperty("periodsFrom").GetDateTimeOffset());
        Assert.Empty(Values(facets, "day"));
        Assert.Equal((9L, true), (facets.GetProperty("total").GetInt64(), facets.GetProperty("totalExact").GetBoolean()));
    }

    [Theory]
    [InlineData("", 4, true)] // the source's index counts its four items: the total
    [InlineData("&language=en", 4, false)] // the four bound the estimate, which the sample's share of ids puts lower
    public async Task TheTotalOfASampledSourceIsBoundByItsCount(string more, long total, bool exact)
    {
        // Extrapolated over the time since the store's oldest item (January 2023), it had been 780.
        var facets = await FacetsAsync($"source={_steady}{more}&facets=source");

        Assert.True(facets.GetProperty("sampled").GetBoolean());
        Assert.Equal((total, exact), (facets.GetProperty("total").GetInt64(), facets.GetProperty("totalExact").GetBoolean()));
    }

    [Fact]
    public async Task DaysCountByFetchTimeWhenTheQueryFiltersOnIt()
    {
        // Fetched before June 5: s1, s2 and s3, fetched June 2, 3 and 4 (published June 1, 2 and 3).
        var facets = await FacetsAsync($"source={_steady}&dateField=fetched&until=2024-06-05&facets=day");

        Assert.Equal((3L, false), (facets.GetProperty("total").GetInt64(), facets.GetProperty("sampled").GetBoolean()));
        Assert.Equal([("2024-06-04", 1L), ("2024-06-03", 1L), ("2024-06-02", 1L)], Values(facets, "day"));
    }

    private Task<JsonElement> FacetsAsync(string query) => FacetAnswers.GetAsync(_app, query);

    private static List<(string, long)> Values(JsonElement facets, string name) => FacetAnswers.Values(facets, name);

    private static ItemDraft Draft(string key, DateTimeOffset published, string language) => new(
        key, key, $"https://example.com/{key}", $"Item {key}", null, published, null, "news", "<p>news</p>", "news", [], [], $"hash-{key}", language);

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>
/// Facets over a sample of three where a feed re-dates a stored item, and where the query's window ends
/// before the store does: one item a day, each published at 10:00 and fetched at 11:00, ids in date order.
/// </summary>
public sealed class FacetWindowTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private AggregatorApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new AggregatorApp(_folder, new Dictionary<string, string?> { ["Aggregator:FacetSampleSize"] = "3" });
        var source = (await _app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://daily.example/feed", "Daily", 60, false)))!.Id;
        var clock = new ManualClock();
        var items = new ItemStore(_app.Services.GetRequiredService<Database>(), clock);
        // x1 (id 1) holds "weather", d2–d30 (ids 2–30) "news", on June 1–30.
        for (var day = 1; day <= 30; day++)
        {
            clock.Now = At(day, 11);
            await items.UpsertAsync(source, [Draft(day == 1 ? "x1" : $"d{day}", At(day, 10), day == 1 ? "weather" : "news", "v1")]);
        }

        // The feed re-dates x1 to June 30, 10:30: the hour's first id becomes 1.
        clock.Now = At(30, 12);
        await items.UpsertAsync(source, [Draft("x1", At(30, 10).AddMinutes(30), "weather", "v2")]);

        // A burst: five "storm" items on June 30 (ids 31–35).
        clock.Now = At(30, 13);
        await items.UpsertAsync(source, [.. Enumerable.Range(1, 5).Select(n => Draft($"storm{n}", At(30, 12).AddMinutes(n), "storm", "v1"))]);
    }

    [Fact]
    public async Task ABurstsTotalIsCountedExactly()
    {
        // Five matches, a sample of three: the count says five. Spread over the store's ids, the sample's
        // density says seven times that here, and hundreds of times in a large store, which is why the count
        // is never skipped where the estimate looks large.
        var facets = await FacetsAsync("q=storm&facets=source");

        Assert.Equal((5L, true), (facets.GetProperty("total").GetInt64(), facets.GetProperty("totalExact").GetBoolean()));
    }

    [Fact]
    public async Task AnItemReDatedIntoTheWindowDoesNotStretchItBackToItsOldId()
    {
        // From June 25 to June 30, 11:30: d25–d30 and the re-dated x1, seven; the sample is x1, d30, d29.
        // The hours' first ids started the window at x1's id 1, and the sample's share of thirty ids came
        // out at four; the first id fetched from June 25 on starts it at d25 (x1 counts on its own).
        var facets = await FacetsAsync("since=2024-06-25&until=2024-06-30T11:30:00Z&language=en&facets=source");

        Assert.Equal((7L, false), (facets.GetProperty("total").GetInt64(), facets.GetProperty("totalExact").GetBoolean()));
    }

    [Fact]
    public async Task AnItemReDatedIntoTheLastHourLeavesASearchsDaysInPlace()
    {
        // The sample is d30, d29, d28; every smaller id was fetched by d28's fetch (June 28, 11:00), so the
        // days after it are whole. Bound by the hours' first ids instead, the re-dated x1 (which does not
        // even match) put the bound at June 30, 11:00, and no day was listed.
        var facets = await FacetsAsync("q=news&facets=day");

        Assert.Equal(At(28, 11).AddMilliseconds(1), facets.GetProperty("periodsFrom").GetDateTimeOffset());
        Assert.Equal([("2024-06-30", 1L), ("2024-06-29", 1L)], Values(facets, "day"));
    }

    [Fact]
    public async Task TheTotalOfAWindowThatEndsBeforeTheStoreIsCarriedOverTheWindowOnly()
    {
        // June 10–19 holds d10–d19; the sample is d19, d18, d17 (three ids of three), so the estimate is the
        // window's ten ids. Carried up to the store's newest id (30), it had been four.
        var facets = await FacetsAsync("since=2024-06-10&until=2024-06-20&language=en&facets=source");

        Assert.True(facets.GetProperty("sampled").GetBoolean());
        Assert.Equal((10L, false), (facets.GetProperty("total").GetInt64(), facets.GetProperty("totalExact").GetBoolean()));
    }

    private static DateTimeOffset At(int day, int hour) => new(2024, 6, day, hour, 0, 0, TimeSpan.Zero);

    private Task<JsonElement> FacetsAsync(string query) => FacetAnswers.GetAsync(_app, query);

    private static List<(string, long)> Values(JsonElement facets, string name) => FacetAnswers.Values(facets, name);

    private static ItemDraft Draft(string key, DateTimeOffset published, string text, string version) => new(
        key, key, $"https://example.com/{key}", $"Item {key}", null, published, null, text, $"<p>{text}</p>", text, [], [], $"hash-{key}-{version}", "en");

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>A facets answer over HTTP, and one facet's values with their counts.</summary>
internal static class FacetAnswers
{
    public static async Task<JsonElement> GetAsync(AggregatorApp app, string query)
    {
        using var client = app.CreateClient();
        return await client.GetFromJsonAsync<JsonElement>($"/api/items/facets?{query}");
    }

    public static List<(string, long)> Values(JsonElement facets, string name) =>
        [.. facets.GetProperty("facets").GetProperty(name).EnumerateArray().Select(v => (v.GetProperty("value").GetString()!, v.GetProperty("count").GetInt64()))];
}
