using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Query;

/// <summary>
/// The bounded paths that large stores take, triggered on the six known items by lowering the bounds:
/// facets over a sample of two, relevance ranked in blocks of two.
/// </summary>
public sealed class BoundedQueryTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private AggregatorApp _app = null!;
    private long _sourceA;

    public async Task InitializeAsync()
    {
        _app = new AggregatorApp(_folder, new Dictionary<string, string?>
        {
            ["Aggregator:FacetSampleSize"] = "2",
            ["Aggregator:RelevanceCandidates"] = "2",
        });
        (_sourceA, _) = await QueryData.SeedAsync(_app);
    }

    [Fact]
    public async Task FacetsOverALargeMatchSetCountTheNewestAndSayTheyAreApproximate()
    {
        using var client = _app.CreateClient();
        var facets = await client.GetFromJsonAsync<JsonElement>("/api/items/facets?facets=source,category,day");

        Assert.True(facets.GetProperty("sampled").GetBoolean());
        Assert.True(facets.GetProperty("approximate").GetBoolean());
        Assert.Equal(2, facets.GetProperty("sampleSize").GetInt32());
        // The two newest items are i6 (source B, no category) and i5 (source B, World), on June 6 and 5;
        // the store's six items are counted (under the cap, unfiltered: exact), and the sample's counts
        // carried over them. Only June 6 lies wholly after i5, the oldest.
        Assert.Equal((6L, true), (facets.GetProperty("total").GetInt64(), facets.GetProperty("totalExact").GetBoolean()));
        var source = facets.GetProperty("facets").GetProperty("source").EnumerateArray().Single();
        Assert.Equal(("Source B", 2L, 6L), (source.GetProperty("label").GetString(), source.GetProperty("count").GetInt64(), source.GetProperty("estimate").GetInt64()));
        var category = facets.GetProperty("facets").GetProperty("category").EnumerateArray().Single();
        Assert.Equal(("World", 1L, 3L), (category.GetProperty("value").GetString(), category.GetProperty("count").GetInt64(), category.GetProperty("estimate").GetInt64()));
        Assert.Equal(new DateTimeOffset(2024, 6, 5, 10, 0, 0, 1, TimeSpan.Zero), facets.GetProperty("periodsFrom").GetDateTimeOffset());
        Assert.Equal([("2024-06-06", 1L, 1L)], facets.GetProperty("facets").GetProperty("day").EnumerateArray()
            .Select(d => (d.GetProperty("value").GetString(), d.GetProperty("count").GetInt64(), d.GetProperty("estimate").GetInt64())));
    }

    [Fact]
    public async Task FacetsUnderTheBoundStayExact()
    {
        using var client = _app.CreateClient();
        var facets = await client.GetFromJsonAsync<JsonElement>("/api/items/facets?q=football");

        Assert.False(facets.GetProperty("approximate").GetBoolean());
        Assert.True(facets.GetProperty("totalExact").GetBoolean());
        Assert.Equal((1L, 1), (facets.GetProperty("total").GetInt64(), facets.GetProperty("sampleSize").GetInt32()));
    }

    [Theory]
    [InlineData("source={A}&author=jane%20doe")] // i1 and i3, through the source's index
    [InlineData("q=peace")] // i1 and i5, from the full-text index
    [InlineData("hasEnclosure=true")] // i3 and i5, through the covering index
    public async Task FacetsOfExactlyAsManyMatchesAsTheBoundAreExact(string query)
    {
        using var client = _app.CreateClient();
        var facets = await client.GetFromJsonAsync<JsonElement>($"/api/items/facets?{query.Replace("{A}", $"{_sourceA}", StringComparison.Ordinal)}&facets=source");

        Assert.Equal((2L, true, false), (facets.GetProperty("total").GetInt64(), facets.GetProperty("totalExact").GetBoolean(), facets.GetProperty("sampled").GetBoolean()));
        Assert.Equal(2, facets.GetProperty("facets").GetProperty("source").EnumerateArray().Sum(v => v.GetProperty("estimate").GetInt64()));
    }

    [Fact]
    public async Task SearchFacetsSampleTheMostRecentlyStoredMatches()
    {
        using var client = _app.CreateClient();
        // peace OR taliban OR final matches i1, i2, i3 and i5; the two stored last are i5 and i3. FTS5
        // counts the four matches, and with no other filter that count is the total.
        var facets = await client.GetFromJsonAsync<JsonElement>("/api/items/facets?q=peace%20OR%20taliban%20OR%20final&facets=category");

        Assert.True(facets.GetProperty("sampled").GetBoolean());
        Assert.Equal((4L, true), (facets.GetProperty("total").GetInt64(), facets.GetProperty("totalExact").GetBoolean()));
        Assert.Equal(
            new Dictionary<string, long> { ["Sport"] = 1, ["World"] = 1 },
            facets.GetProperty("facets").GetProperty("category").EnumerateArray().ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task RelevanceRanksBlocksOfRecentMatchesAndPagesCoverEveryMatchOnce()
    {
        using var client = _app.CreateClient();
        var titles = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(
                $"/api/items?q=peace%20OR%20taliban%20OR%20final&sort=relevance&limit=1{(cursor is null ? "" : $"&cursor={cursor}")}");
            titles.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        // Blocks in the order stored, newest first: {i5, i3}, then {i2, i1}, each ranked by bm25 and recency
        // (the rarer "final" outranks "peace"; the title match i1 outranks i2 but stays in the older block).
        Assert.Equal(["Football final", "Podcast: peace process", "Taliban talks resume in Doha", "Election results announced"], titles);
    }

    [Theory]
    [InlineData("peace%20OR%20taliban%20OR%20final")]
    [InlineData("pea*%20OR%20fin*%20OR%20tal*")]
    public async Task ARelevanceExportIsItsPagesOneAfterAnotherFromTheCursorOn(string q)
    {
        // Ranked in blocks as the pages are, not every match at once (which put i1 before i3 here), and
        // from the cursor's page on, which the export used to ignore.
        using var client = _app.CreateClient();
        var pages = new List<(string? Cursor, long Id)>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/items?q={q}&sort=relevance&limit=1{(cursor is null ? "" : $"&cursor={cursor}")}");
            pages.AddRange(page.GetProperty("items").EnumerateArray().Select(i => (cursor, i.GetProperty("id").GetInt64())));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        async Task<List<long>> ExportAsync(string? from) => [.. (await client.GetStringAsync(new Uri(
                $"/api/items/export.ndjson?q={q}&sort=relevance&columns=id{(from is null ? "" : $"&cursor={from}")}", UriKind.Relative)))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetInt64())];

        Assert.True(pages.Count >= 3, $"{pages.Count} matches");
        Assert.Equal(pages.Select(p => p.Id), await ExportAsync(null));
        Assert.Equal(pages.Skip(2).Select(p => p.Id), await ExportAsync(pages[2].Cursor));
        Assert.Equal(pages.Skip(1).Take(1).Select(p => p.Id), (await client.GetStringAsync(new Uri(
                $"/api/items/export.csv?q={q}&sort=relevance&columns=id&limit=1&cursor={pages[1].Cursor}", UriKind.Relative)))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _folder.Dispose();
    }
}
