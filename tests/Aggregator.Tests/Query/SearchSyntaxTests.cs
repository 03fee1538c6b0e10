using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aggregator.Tests.Query;

/// <summary>
/// The search syntax of docs/query.md over HTTP, each result set worked out by hand from <see cref="QueryData"/>'s
/// items (newest first: i6 … i1).
/// </summary>
public sealed class SearchSyntaxTests(QueryData data) : IClassFixture<QueryData>
{
    [Theory]
    [InlineData("taliban (doha OR election)", "i2,i1")]
    [InlineData("(doha OR election) taliban", "i2,i1")]
    [InlineData("podcast (peace OR final)", "i5")]
    [InlineData("NEAR(peace talks) doha", "i1")]
    [InlineData("doha NEAR(peace talks)", "i1")]
    [InlineData("NEAR(negotiators talks, 10)", "i1")]
    [InlineData("NEAR(negotiators talks, 3)", "")]
    public async Task AWordBesideAGroupOrNearIsAnd(string q, string expected) => await AssertFindsAsync(q, expected);

    [Theory]
    [InlineData("title:\"talks resume\"", "i1")]
    [InlineData("text:\"talks resume\"", "")]
    [InlineData("title:\"peace process\"", "i5")]
    [InlineData("text:\"peace talks\"", "i1")]
    [InlineData("title:(doha OR election)", "i2,i1")]
    [InlineData("title:(peace OR final) NOT podcast", "i3")]
    [InlineData("text:taliban", "i2")]
    [InlineData("TITLE:elect*", "i2")]
    [InlineData("title:NEAR(taliban doha)", "i1")]
    public async Task ColumnFiltersTakeAWordPhrasePrefixGroupOrNear(string q, string expected) => await AssertFindsAsync(q, expected);

    [Theory]
    [InlineData("Podcast: peace", "i5")]
    [InlineData("10:30", "")]
    [InlineData("https://example.com", "")]
    [InlineData("taliban-era", "i2")]
    public async Task AColonOrHyphenInsideTextIsText(string q, string expected) => await AssertFindsAsync(q, expected);

    [Theory]
    [InlineData("taliban NOT doha election", "i2")]
    [InlineData("taliban NOT doha AND election", "i2")]
    [InlineData("taliban -doha election", "i2")]
    [InlineData("podcast OR taliban NOT doha", "i5,i2")]
    [InlineData("taliban NOT doha OR podcast", "i5,i2")]
    [InlineData("peace election OR final", "i3")]
    public async Task NotAndAndCombineLeftToRightBeforeOr(string q, string expected) => await AssertFindsAsync(q, expected);

    [Theory]
    [InlineData("taliban -election", "i1")]
    [InlineData("-election taliban", "i1")]
    [InlineData("peace -(podcast OR final)", "i1")]
    [InlineData("peace -\"peace process\"", "i1")]
    public async Task AMinusLeavesOut(string q, string expected) => await AssertFindsAsync(q, expected);

    [Theory]
    [InlineData("taliban or football", "")]
    [InlineData("taliban OR football", "i3,i2,i1")]
    public async Task OnlyUpperCaseOperatorsAreOperators(string q, string expected) => await AssertFindsAsync(q, expected);

    [Theory]
    [InlineData("doha (talks", "opening bracket is never closed")]
    [InlineData("\"\"", "no search terms")]
    [InlineData("-election", "at least one term to find")]
    [InlineData("author:roe", "the columns are title: and text:")]
    [InlineData("foo:doha", "foo: is not a column")]
    [InlineData("doha NEAR talks", "NEAR takes its terms in brackets")]
    [InlineData("doha OR", "OR needs a search term after it")]
    public async Task EveryListingRefusesTheSameSearchWithTheReason(string q, string reason)
    {
        using var client = data.App.CreateClient();
        foreach (var path in (string[])["/api/items", "/api/items/facets", "/api/items/export.ndjson"])
        {
            var response = await client.GetAsync(new Uri($"{path}?q={Uri.EscapeDataString(q)}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("taliban NOT doha election")]
    [InlineData("title:(doha OR election)")]
    [InlineData("peace -(podcast OR final)")]
    public async Task FacetsAndExportsFindWhatTheListingFinds(string q)
    {
        using var client = data.App.CreateClient();
        var escaped = Uri.EscapeDataString(q);
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/items?q={escaped}");
        var listed = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        var facets = await client.GetFromJsonAsync<JsonElement>($"/api/items/facets?q={escaped}");
        var export = await client.GetStringAsync(new Uri($"/api/items/export.ndjson?q={escaped}", UriKind.Relative));

        Assert.NotEmpty(listed);
        Assert.Equal(listed.Count, facets.GetProperty("total").GetInt64());
        Assert.Equal(listed, export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()));
    }

    private async Task AssertFindsAsync(string q, string expected) =>
        Assert.Equal(expected, string.Join(',', await data.NamesAsync($"?q={Uri.EscapeDataString(q)}")));
}
