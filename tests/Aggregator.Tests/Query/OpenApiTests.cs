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

    [Theory]
    [InlineData("/api/items", "q,source,category,author,language,hasEnclosure,since,until,dateField,sort,cursor,limit")]
    [InlineData("/api/items/facets", "q,category,facets,size")]
    [InlineData("/api/items/export.{format}", "q,sort,cursor,columns,formulas")]
    [InlineData("/api/stats/daily", "since,until,source")]
    [InlineData("/api/sql", "sql,_format,_limit")]
    public async Task EveryQueryParameterIsDeclaredWithAnExample(string path, string names)
    {
        // The handlers read the query themselves; the document still lists what each takes, so the API
        // reference's request panel and generated clients have the fields.
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        using var client = app.CreateClient();

        using var document = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty("get");
        var declared = operation.GetProperty("parameters").EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query")
            .ToDictionary(p => p.GetProperty("name").GetString()!);

        Assert.All(names.Split(','), name => Assert.True(declared.ContainsKey(name), $"{path}: {name}"));
        Assert.True(declared[names.Split(',')[0]].TryGetProperty("example", out _));
        Assert.True(operation.GetProperty("responses").TryGetProperty("400", out _));
    }

    [Fact]
    public async Task EveryEndpointTheParameterTableNamesExistsAndCarriesItsParameters()
    {
        // The table is keyed by endpoint name: one renamed without it would silently lose its parameters.
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        using var client = app.CreateClient();

        using var document = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Where(operation => operation.Value.TryGetProperty("operationId", out _))
            .GroupBy(operation => operation.Value.GetProperty("operationId").GetString()!)
            .ToDictionary(g => g.Key, g => g.First().Value);

        foreach (var (endpoint, parameters) in Aggregator.Query.QueryParameterDocs.Documented)
        {
            Assert.True(operations.TryGetValue(endpoint, out var operation), $"no operation {endpoint}");
            var declared = operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToHashSet();
            Assert.All(parameters, name => Assert.True(declared.Contains(name), $"{endpoint}: {name}"));
        }
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
