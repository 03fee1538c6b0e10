using System.Net.Http.Json;
using System.Text.Json;

namespace Aggregator.Tests.Query;

public sealed class FacetTests(QueryData data) : IClassFixture<QueryData>
{
    private async Task<JsonElement> FacetsAsync(string query)
    {
        using var client = data.App.CreateClient();
        return await client.GetFromJsonAsync<JsonElement>($"/api/items/facets?{query}");
    }

    private static Dictionary<string, long> Counts(JsonElement facets, string name) =>
        facets.GetProperty("facets").GetProperty(name).EnumerateArray()
            .ToDictionary(v => v.GetProperty("value").GetString()!.ToLowerInvariant(), v => v.GetProperty("count").GetInt64());

    [Fact]
    public async Task FacetsCountEveryItemBySourceCategoryAuthorLanguageAndDay()
    {
        var facets = await FacetsAsync("");

        Assert.Equal(6, facets.GetProperty("total").GetInt64());
        Assert.True(facets.GetProperty("totalExact").GetBoolean());
        Assert.False(facets.GetProperty("approximate").GetBoolean());
        Assert.False(facets.GetProperty("sampled").GetBoolean());
        Assert.Equal(6, facets.GetProperty("sampleSize").GetInt32());
        Assert.All(facets.GetProperty("facets").EnumerateObject().SelectMany(f => f.Value.EnumerateArray()),
            v => Assert.Equal(v.GetProperty("count").GetInt64(), v.GetProperty("estimate").GetInt64()));
        Assert.Equal(new Dictionary<string, long> { [$"{data.SourceA}"] = 3, [$"{data.SourceB}"] = 3 }, Counts(facets, "source"));
        Assert.Equal("Source A", facets.GetProperty("facets").GetProperty("source")[0].GetProperty("label").GetString());
        Assert.Equal(new Dictionary<string, long> { ["politics"] = 3, ["world"] = 2, ["sport"] = 1 }, Counts(facets, "category"));
        Assert.Equal(new Dictionary<string, long> { ["jane doe"] = 2, ["john roe"] = 2, ["max mustermann"] = 1 }, Counts(facets, "author"));
        Assert.Equal(new Dictionary<string, long> { ["en"] = 3, ["en-us"] = 1, ["en-gb"] = 1, ["de"] = 1 }, Counts(facets, "language"));
        Assert.Equal(["2024-06-06", "2024-06-05", "2024-06-04", "2024-06-03", "2024-06-02", "2024-06-01"],
            facets.GetProperty("facets").GetProperty("day").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
    }

    [Fact]
    public async Task FacetsFollowTheQueryAndFilters()
    {
        var facets = await FacetsAsync("q=peace%20OR%20taliban&facets=category,month,week");

        Assert.Equal(3, facets.GetProperty("total").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["politics"] = 2, ["world"] = 2 }, Counts(facets, "category"));
        Assert.Equal(new Dictionary<string, long> { ["2024-06"] = 3 }, Counts(facets, "month"));
        Assert.Equal(new Dictionary<string, long> { ["2024-w22"] = 2, ["2024-w23"] = 1 }, Counts(facets, "week"));
        Assert.False(facets.GetProperty("facets").TryGetProperty("source", out _));
    }

    [Theory]
    [InlineData("category=politics", 3, 2, 1)] // one category leads through its own key (case-insensitive)
    [InlineData("category=World&category=Sport", 3, 2, 1)]
    [InlineData("language=en", 5, 3, 2)]
    [InlineData("hasEnclosure=true", 2, 1, 1)]
    [InlineData("source=1&author=jane%20doe", 2, 2, 0)]
    public async Task FacetsOfListingsCountExactlyTheFilteredItems(string query, long total, long sourceA, long sourceB)
    {
        var facets = await FacetsAsync($"{query.Replace("source=1", $"source={data.SourceA}", StringComparison.Ordinal)}&facets=source");

        Assert.Equal(total, facets.GetProperty("total").GetInt64());
        Assert.Equal(
            new Dictionary<string, long> { [$"{data.SourceA}"] = sourceA, [$"{data.SourceB}"] = sourceB }.Where(p => p.Value > 0).ToDictionary(),
            Counts(facets, "source"));
    }

    [Fact]
    public async Task FacetSizeKeepsTheMostFrequentValues()
    {
        var facets = await FacetsAsync("facets=category&size=1");
        Assert.Equal(new Dictionary<string, long> { ["politics"] = 3 }, Counts(facets, "category"));
    }
}
