using System.Net.Http.Json;
using System.Text.Json;

namespace Aggregator.Tests.Query;

public sealed class SearchTests(QueryData data) : IClassFixture<QueryData>
{
    [Theory]
    [InlineData("taliban", "i2,i1")]
    [InlineData("%22peace%20talks%22", "i1")]
    [InlineData("peace", "i5,i1")]
    [InlineData("elect*", "i6,i2")]
    [InlineData("taliban%20NOT%20election", "i1")]
    [InlineData("title:taliban", "i1")]
    [InlineData("doha%20OR%20penalty", "i3,i1")]
    [InlineData("(peace%20OR%20final)%20NOT%20podcast", "i3,i1")]
    [InlineData("TALIBAN%20doha", "i1")]
    [InlineData("nothingmatchesthis", "")]
    public async Task SearchesFindExactlyTheMatchingItemsNewestFirst(string q, string expected)
    {
        Assert.Equal(expected, string.Join(',', await data.NamesAsync($"?q={q}")));
    }

    [Fact]
    public async Task RelevancePutsTitleMatchesAboveNewerBodyMatches()
    {
        Assert.Equal(["i1", "i2"], await data.NamesAsync("?q=taliban&sort=relevance"));
        Assert.Equal(["i1", "i2"], await data.NamesAsync("?q=taliban&sort=oldest"));
    }

    [Fact]
    public async Task RelevancePagesWithCursorsCoverEveryMatchOnce()
    {
        using var client = data.App.CreateClient();
        var first = await client.GetFromJsonAsync<JsonElement>("/api/items?q=peace%20OR%20taliban%20OR%20final&sort=relevance&limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/items?q=peace%20OR%20taliban%20OR%20final&sort=relevance&limit=2&cursor={cursor}");
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(4, ids.Distinct().Count());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task SnippetsHighlightMatchesInEscapedText()
    {
        using var client = data.App.CreateClient();
        var page = await client.GetFromJsonAsync<JsonElement>("/api/items?q=doha");
        var snippet = page.GetProperty("items")[0].GetProperty("snippet").GetString();
        Assert.Contains("<mark>Doha</mark>", snippet, StringComparison.Ordinal);

        var plain = await client.GetFromJsonAsync<JsonElement>("/api/items");
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("items")[0].GetProperty("snippet").ValueKind);
    }

    [Fact]
    public async Task ItemsCarryTheirNormalisedLanguage()
    {
        using var client = data.App.CreateClient();
        var item = await client.GetFromJsonAsync<JsonElement>($"/api/items/{data.Ids["i3"]}");
        Assert.Equal("en-gb", item.GetProperty("language").GetString());
    }
}
