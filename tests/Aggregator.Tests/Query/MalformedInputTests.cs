using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aggregator.Tests.Query;

public sealed class MalformedInputTests(QueryData data) : IClassFixture<QueryData>
{
    [Theory]
    [InlineData("/api/items?q=%22unclosed", "q:")]
    [InlineData("/api/items?q=(taliban", "q:")]
    [InlineData("/api/items?q=OR", "q:")]
    [InlineData("/api/items?q=taliban%20NOT", "q:")]
    [InlineData("/api/items?q=a%00b", "control character")]
    [InlineData("/api/items?author=a%00b", "control character")]
    [InlineData("/api/items?since=yesterday", "since:")]
    [InlineData("/api/items?until=2024-13-45", "until:")]
    [InlineData("/api/items?limit=100000000000000000000", "limit:")]
    [InlineData("/api/items?limit=-1", "limit:")]
    [InlineData("/api/items?sort=random", "sort:")]
    [InlineData("/api/items?sort=relevance", "sort:")]
    [InlineData("/api/items?cursor=garbage", "cursor:")]
    [InlineData("/api/items?source=abc", "source:")]
    [InlineData("/api/items?language=not%20a%20language", "language:")]
    [InlineData("/api/items?hasEnclosure=maybe", "hasEnclosure:")]
    [InlineData("/api/items?dateField=updated", "dateField:")]
    [InlineData("/api/items/facets?facets=source,colour", "facets:")]
    [InlineData("/api/items/facets?size=1000", "size:")]
    [InlineData("/api/items/facets?q=%22", "q:")]
    [InlineData("/api/stats/daily?since=2024-06-10&until=2024-06-01", "window")]
    [InlineData("/api/stats/categories?limit=0", "limit:")]
    [InlineData("/api/stats/daily?q=election", "q: /api/stats/daily does not take it")]
    [InlineData("/api/stats/daily?since=2024-06-01&since=2024-05-01", "since: given 2 times")]
    [InlineData("/api/stats/categories?category=Politics", "category: /api/stats/categories does not take it")]
    [InlineData("/api/stats/sources?source=1", "source: /api/stats/sources does not take it")]
    [InlineData("/api/items?since=2024-06-01&since=2020-01-01", "since: given 2 times")]
    [InlineData("/api/items/facets?facets=source&facets=day", "facets=a,b")]
    public async Task MalformedRequestsAreProblemsThatSayWhatIsWrong(string url, string detail)
    {
        using var client = data.App.CreateClient();
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
