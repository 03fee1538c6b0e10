using Aggregator.Tests.Support;

namespace Aggregator.Tests.Query;

public sealed class OpenApiTests
{
    [Fact]
    public async Task TheDocumentListsEveryAnalystEndpoint()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        using var client = app.CreateClient();

        var document = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        foreach (var path in new[] { "/api/items/facets", "/api/items/export.{format}", "/api/stats/daily", "/api/stats/categories", "/api/stats/sources", "/api/sql" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }

        Assert.Contains("hasEnclosure", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFacetsResponseDescribesItsApproximateFields()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        using var client = app.CreateClient();

        using var document = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        var response = schemas.GetProperty("FacetsResponse").GetProperty("properties");
        Assert.All(new[] { "total", "totalExact", "sampled", "approximate", "sampleSize", "facets" }, name => Assert.True(response.TryGetProperty(name, out _), name));
        var value = schemas.GetProperty("FacetValue").GetProperty("properties");
        Assert.All(new[] { "value", "label", "count", "estimate" }, name => Assert.True(value.TryGetProperty(name, out _), name));
    }
}
