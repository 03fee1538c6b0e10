using System.Net.Http.Json;
using System.Text.Json;

namespace Aggregator.Tests.Query;

public sealed class StatsTests(QueryData data) : IClassFixture<QueryData>
{
    [Fact]
    public async Task CountsItemsPerSourcePerDayInTheWindow()
    {
        using var client = data.App.CreateClient();
        // Parameter names are case-insensitive, as ASP.NET reads them: Since is since.
        var days = await client.GetFromJsonAsync<JsonElement>($"/api/stats/daily?Since=2024-06-02&until=2024-06-05&source={data.SourceA},{data.SourceB}");

        Assert.Equal(
            [("2024-06-02", data.SourceA, 1L), ("2024-06-03", data.SourceA, 1L), ("2024-06-04", data.SourceB, 1L)],
            days.EnumerateArray().Select(d => (d.GetProperty("day").GetString(), d.GetProperty("sourceId").GetInt64(), d.GetProperty("count").GetInt64())));
    }

    [Fact]
    public async Task RanksCategoriesOverTheWindow()
    {
        using var client = data.App.CreateClient();
        var top = await client.GetFromJsonAsync<JsonElement>("/api/stats/categories?since=2024-06-01&until=2024-06-05&limit=2");

        Assert.Equal(2, top.GetArrayLength());
        Assert.Equal("politics", top[0].GetProperty("category").GetString(), ignoreCase: true);
        Assert.Equal(3, top[0].GetProperty("count").GetInt64());
        Assert.Equal(1, top[1].GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task ReportsFetchHealthPerSource()
    {
        using var client = data.App.CreateClient();
        var sources = await client.GetFromJsonAsync<JsonElement>("/api/stats/sources");

        var a = sources.EnumerateArray().Single(s => s.GetProperty("source").GetProperty("sourceId").GetInt64() == data.SourceA);
        Assert.Equal("pending", a.GetProperty("health").GetString());
        Assert.Equal(3, a.GetProperty("source").GetProperty("itemCount").GetInt64());
    }
}
