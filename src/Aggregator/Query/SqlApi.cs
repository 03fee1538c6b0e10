using System.Text.Json.Serialization;
using Aggregator.Http;
using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Query;

/// <summary>
/// <c>/api/sql</c>: read-only SQL for analysts, Datasette-style. Reserved parameters start with an
/// underscore; every other query parameter is a named parameter of the statement.
/// </summary>
internal static class SqlApi
{
    internal const int MaxSqlLength = 100_000;

    /// <summary>The endpoint's own parameters; every other one is a named parameter of the statement.</summary>
    private static readonly string[] Reserved = ["sql", "_format", "_limit", "_formulas"];

    /// <summary>Says which cap cut the answer (rows or bytes), in CSV as in JSON: CSV has no other place for it.</summary>
    private const string TruncatedHeader = "X-Truncated";

    public static IEndpointRouteBuilder MapSql(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sql", RunAsync).WithTags("SQL").WithName("RunSql").RequireAnalystKey()
            .WithSummary("Run one read-only SQL statement (analyst key; disabled without Aggregator:AnalystApiKey)")
            .WithDescription("""
                sql: one SELECT (or WITH … SELECT, VALUES). Named parameters (:name, @name or $name) take the query parameter
                of the same name, as text; ? and ?1 are refused. _format: json (default) or csv. _formulas (CSV): escape (default: an apostrophe
                before a text that starts like a spreadsheet formula) or keep. _limit: row cap, at most Aggregator:SqlMaxRows (default 1000);
                answers also stop at Aggregator:SqlMaxResultBytes (32 MB of values); a cut answer says truncatedBy "rows" or "bytes" (CSV: X-Truncated header).
                The connection is read-only; PRAGMA (but the schema ones), ATTACH, writes and more than one statement are refused; a query running longer than
                Aggregator:SqlTimeLimitMs (default 1000) is stopped; a string or blob longer than Aggregator:SqlMaxValueBytes (16 MB) is refused. JSON: {"columns":[…],"rows":[[…]],"truncated":false,"truncatedBy":null,"elapsedMs":3};
                a blob is {"$base64":true,"encoded":"…"} (in CSV, plain base64), an infinite real "Infinity" or "-Infinity".
                Tables: sources, items, item_categories, items_fts (FTS5: MATCH, bm25, snippet), items_fts_vocab, item_terms, item_hours,
                item_tombstones, fetch_log; columns: select * from pragma_table_info('items') (table_xinfo, index_list, index_info too); see docs/query.md.
                Example: /api/sql?sql=select source_id, count(*) n from items where author = :author group by 1&author=Jane Doe
                """)
            .Produces<SqlResponse>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> RunAsync(HttpRequest request, ReadOnlySql runner, IOptions<AggregatorOptions> options, CancellationToken ct)
    {
        var settings = options.Value;
        string? error = null;
        var sql = ItemQuery.Single(request.Query, "sql", ref error);
        var limit = ItemQuery.Limit(request.Query, settings.SqlMaxRows, settings.SqlMaxRows, ref error, "_limit");
        var format = ItemQuery.Single(request.Query, "_format", ref error) ?? "json";
        var formulas = Csv.Formulas(request.Query, "_formulas", ref error);
        error ??= Check(sql, format, request.Query);
        if (error is not null)
        {
            return Problems.BadRequest(error);
        }

        var parameters = request.Query.Where(p => !Reserved.Contains(p.Key))
            .ToDictionary(p => p.Key, p => p.Value.LastOrDefault(), StringComparer.Ordinal);
        var limits = new SqlLimits(limit, settings.SqlMaxResultBytes, settings.SqlMaxValueBytes, TimeSpan.FromMilliseconds(settings.SqlTimeLimitMs));
        var (result, refusal) = await runner.RunAsync(sql!, parameters, limits, Reserved, ct);
        if (result is null)
        {
            return Problems.BadRequest($"sql: {refusal}.");
        }

        if (result.TruncatedBy is not null)
        {
            request.HttpContext.Response.Headers[TruncatedHeader] = result.TruncatedBy;
        }

        return format == "csv"
            ? TypedResults.Stream(body => WriteCsvAsync(body, result, formulas), "text/csv; charset=utf-8")
            : TypedResults.Ok(new SqlResponse(result.Columns, result.Rows, result.TruncatedBy is not null, result.TruncatedBy, result.ElapsedMs));
    }

    /// <summary>Writes the CSV in 64 KB pieces: the rows are held already, and a second copy of them as one string is not made.</summary>
    private static async Task WriteCsvAsync(Stream body, SqlResult result, bool formulas)
    {
        var writer = new BodyWriter(body);
        Csv.Append(writer.Buffer, result.Columns, formulas: true); // the analyst's own names, not stored text
        foreach (var row in result.Rows)
        {
            Csv.Append(writer.Buffer, row, formulas);
            await writer.RowWrittenAsync();
        }

        await writer.FlushAsync();
    }

    private static string? Check(string? sql, string format, IQueryCollection query)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return "sql: give one SELECT statement in the sql parameter.";
        }

        if (sql.Length > MaxSqlLength)
        {
            return $"sql: longer than {MaxSqlLength} characters.";
        }

        // A statement's parameter takes one value as much as the endpoint's own do.
        if (query.FirstOrDefault(p => p.Value.Count > 1) is { Key: { } repeated } parameter)
        {
            return $"{ItemQuery.Clip(repeated)}: given {parameter.Value.Count} times; give it once.";
        }

        if (query.Any(p => p.Key.Contains('\0', StringComparison.Ordinal) || p.Value.Any(v => v is not null && v.Contains('\0', StringComparison.Ordinal))))
        {
            return "a parameter contains a NUL character; remove it.";
        }

        return format is "json" or "csv" ? null : $"_format: '{ItemQuery.Clip(format)}' is not json or csv.";
    }
}

/// <summary>An analyst query's answer: column names, rows as arrays (blobs as {"$base64": true, "encoded": …}, infinities as strings), and whether a cap cut it and which ("rows", "bytes").</summary>
internal sealed record SqlResponse(
    IReadOnlyList<string> Columns, [property: JsonConverter(typeof(SqlRowsJson))] IReadOnlyList<object?[]> Rows, bool Truncated, string? TruncatedBy, long ElapsedMs);
