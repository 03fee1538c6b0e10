using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Aggregator.Query;

/// <summary>
/// The query parameters of the endpoints that read them from the request themselves (to answer every bad
/// value with a precise problem), declared in the OpenAPI document by endpoint name: without this the
/// document listed none, so the API reference's request panel and generated clients had no fields.
/// </summary>
internal static class QueryParameterDocs
{
    private sealed record Parameter(string Name, string Description, string Example, JsonSchemaType Type = JsonSchemaType.String, bool Required = false);

    private static readonly Parameter Q = new("q",
        "Full-text search: words (all must match), \"a phrase\", OR, NOT or -word, prefix*, (groups), NEAR(a b, 5), title:word, text:\"a phrase\", title:(a OR b); operators in upper case (docs/query.md).",
        "taliban \"peace talks\" NOT russia");

    private static readonly Parameter Since = new("since", "ISO 8601 date or instant, inclusive.", "2024-06-01");

    private static readonly Parameter Until = new("until", "ISO 8601 date or instant, exclusive.", "2024-07-01T00:00:00Z");

    private static readonly Parameter Source = new("source", "Source ids, comma-separated or repeated.", "1,2");

    private static readonly Parameter Sort = new("sort", "newest (default), oldest, or relevance (needs q).", "relevance");

    private static readonly Parameter Cursor = new("cursor", "nextCursor of the previous page.", "");

    private static readonly Parameter[] Filters =
    [
        Q, Source,
        new("category", "A category, repeat for any of several; case-insensitive.", "Politics"),
        new("author", "An author name, repeatable; case-insensitive.", "Jane Doe"),
        new("language", "Language tags, comma-separated; en also matches en-gb.", "en,fr"),
        new("hasEnclosure", "true: items with attachments; false: without.", "true", JsonSchemaType.Boolean),
        new("sourceCategory", "Items of sources filed under the category or a folder inside it; repeatable.", "News"),
        new("sourceTag", "Items of sources with the tag; repeatable.", "asia"),
        Since, Until,
        new("dateField", "What since and until bound: published (default; the fetch time for undated items) or fetched.", "fetched"),
        new("starred", "true: only starred items.", "true", JsonSchemaType.Boolean),
    ];

    private static readonly Dictionary<string, Parameter[]> ByEndpoint = new(StringComparer.Ordinal)
    {
        ["ListItems"] = [.. Filters, Sort, Cursor, new("limit", "Page size, 1–500, default 50.", "50", JsonSchemaType.Integer)],
        ["ItemFacets"] =
        [
            .. Filters,
            new("facets", "A comma-separated choice of source, category, author, language, day, week, month.", "source,category,week"),
            new("size", "Values per facet, 1–100, default 10.", "10", JsonSchemaType.Integer),
        ],
        ["ExportItems"] =
        [
            .. Filters, Sort, Cursor,
            new("limit", "At most this many rows (default: every match).", "100000", JsonSchemaType.Integer),
            new("columns", $"A comma-separated choice and order of {ExportColumns.Names}.", "id,source,title,url,published"),
            new("formulas", "CSV: escape (default; an apostrophe before a text that starts like a spreadsheet formula) or keep.", "keep"),
        ],
        ["ItemsPerSourcePerDay"] = [Since, Until, Source],
        ["TopCategories"] = [Since, Until, new("limit", "Rows, 1–500, default 20.", "10", JsonSchemaType.Integer)],
        ["RunSql"] =
        [
            new("sql", "One read-only statement; named parameters (:name, @name, $name) take the query parameter of the same name.", "select count(*) from items", Required: true),
            new("_format", "json (default) or csv.", "csv"),
            new("_limit", "Row cap, at most Aggregator:SqlMaxRows.", "100", JsonSchemaType.Integer),
            new("_formulas", "CSV: escape (default; an apostrophe before a text that starts like a spreadsheet formula) or keep.", "keep"),
        ],
        ["GetFeed"] = [Q, Source, new("category", "A category, repeatable.", "Politics"), new("limit", "Items in the feed.", "50", JsonSchemaType.Integer), Cursor],
    };

    /// <summary>The documented endpoints by name, each with its parameters' names: an endpoint renamed without this table loses its documentation, which a test catches.</summary>
    internal static IEnumerable<(string Endpoint, IEnumerable<string> Parameters)> Documented =>
        ByEndpoint.Select(e => (e.Key, e.Value.Select(p => p.Name)));

    /// <summary>Adds the endpoint's query parameters, with an example each, and its 400 answer.</summary>
    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var name = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (name is null || !ByEndpoint.TryGetValue(name, out var parameters))
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        foreach (var parameter in parameters.Where(p => !operation.Parameters.Any(known => known.Name == p.Name)))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Query,
                Description = parameter.Description,
                Required = parameter.Required,
                Schema = new OpenApiSchema { Type = parameter.Type },
                Example = parameter.Example.Length == 0 ? null : parameter.Type switch
                {
                    JsonSchemaType.Integer => JsonValue.Create(long.Parse(parameter.Example, System.Globalization.CultureInfo.InvariantCulture)),
                    JsonSchemaType.Boolean => JsonValue.Create(parameter.Example == "true"),
                    _ => JsonValue.Create(parameter.Example),
                },
            });
        }

        operation.Responses ??= [];
        operation.Responses.TryAdd("400", new OpenApiResponse { Description = "A parameter is not valid: application/problem+json whose detail names it and says why." });
        return Task.CompletedTask;
    }
}
