namespace Aggregator.Tests.Query;

public sealed class FilterTests(QueryData data) : IClassFixture<QueryData>
{
    [Theory]
    [InlineData("category=politics", "i4,i2,i1")]
    [InlineData("category=Sport&category=World", "i5,i3,i1")]
    [InlineData("author=jane%20doe", "i3,i1")]
    [InlineData("author=John%20Roe&author=Max%20Mustermann", "i6,i4,i2")]
    [InlineData("language=en", "i6,i5,i3,i2,i1")]
    [InlineData("language=en-gb", "i3")]
    [InlineData("language=de,en-US", "i4,i1")]
    [InlineData("hasEnclosure=true", "i5,i3")]
    [InlineData("hasEnclosure=false", "i6,i4,i2,i1")]
    [InlineData("since=2024-06-02&until=2024-06-04", "i3,i2")]
    [InlineData("category=politics&language=en&since=2024-06-02", "i2")]
    [InlineData("q=peace&hasEnclosure=true", "i5")]
    [InlineData("q=elect*&author=john%20roe&until=2024-06-05", "i2")]
    [InlineData("dateField=fetched&until=2020-01-01", "")]
    [InlineData("dateField=fetched&since=2020-01-01&category=sport", "i3")]
    public async Task FiltersCombineToExactlyTheExpectedItems(string query, string expected)
    {
        Assert.Equal(expected, string.Join(',', await data.NamesAsync($"?{query}")));
    }

    [Fact]
    public async Task SourceFiltersTakeIdsCommaSeparatedOrRepeated()
    {
        Assert.Equal(["i6", "i5", "i4"], await data.NamesAsync($"?source={data.SourceB}"));
        Assert.Equal(6, (await data.NamesAsync($"?source={data.SourceA},{data.SourceB}")).Count);
        Assert.Equal(6, (await data.NamesAsync($"?source={data.SourceA}&source={data.SourceB}")).Count);
    }
}
