using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Aggregator.Http;
using Aggregator.Store;
using Microsoft.Data.Sqlite;

namespace Aggregator.Query;

/// <summary><c>/api/items/export.csv</c> and <c>.ndjson</c>: every item a query matches, streamed row by row.</summary>
internal static class ExportApi
{
    private const int MaxExport = 100_000_000;

    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/items/export.{format}", ExportAsync).WithTags("Items").WithName("ExportItems").RequireReadKey()
            .WithSummary("Every item a query matches, as CSV (export.csv) or NDJSON (export.ndjson), streamed")
            .WithDescription($"""
                Takes every filter and sort of /api/items; no limit unless limit is given (1–{MaxExport}).
                columns: a comma-separated choice and order of {ExportColumns.Names} (default all).
                Dates are ISO 8601 UTC; categories are a JSON array in both formats (in CSV as the field's text).
                CSV: a text starting like a spreadsheet formula (=, +, -, @, tab, CR) gets a leading apostrophe; formulas=keep writes it as it is.
                {ItemsApi.FilterHelp}
                Example: /api/items/export.csv?q=election&since=2024-01-01&columns=id,source,title,url,published
                """)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> ExportAsync(string format, HttpRequest request, ItemStore items, CancellationToken ct)
    {
        if (format is not ("csv" or "ndjson"))
        {
            return Problems.NotFound($"Exports come as export.csv or export.ndjson, not export.{ItemQuery.Clip(format)}.");
        }

        var filter = ItemQuery.Parse(request.Query, int.MaxValue, MaxExport, out var error);
        var columns = ExportColumns.Parse(ItemQuery.Single(request.Query, "columns", ref error, list: true), out var columnError);
        var formulas = Csv.Formulas(request.Query, "formulas", ref error);
        if (filter is null || columns is null || error is not null)
        {
            return Problems.BadRequest(error ?? columnError!);
        }

        var rows = items.ExportAsync(filter, filter.Limit == int.MaxValue ? null : filter.Limit, ct).GetAsyncEnumerator(ct);
        bool any;
        try
        {
            // The first row is read here, so a query FTS5 refuses is still a 400, before any byte is sent.
            any = await rows.MoveNextAsync();
        }
        catch (SqliteException e) when (FtsErrors.IsFtsError(e))
        {
            await rows.DisposeAsync();
            return Problems.BadRequest(FtsErrors.Detail(e));
        }

        return format == "csv"
            ? TypedResults.Stream(body => WriteCsvAsync(body, rows, any, columns, formulas), "text/csv; charset=utf-8", "items.csv")
            : TypedResults.Stream(body => WriteNdjsonAsync(body, rows, any, columns), "application/x-ndjson; charset=utf-8", "items.ndjson");
    }

    /// <summary>Writes the CSV of <paramref name="rows"/> (the first already read when <paramref name="any"/>), header first, as UTF-8 in 64 KB writes.</summary>
    /// <param name="formulas">Whether texts that start like a spreadsheet formula are written as they are (<see cref="Csv"/>).</param>
    internal static async Task WriteCsvAsync(Stream body, IAsyncEnumerator<ExportRow> rows, bool any, List<string> columns, bool formulas = false)
    {
        await using (rows)
        {
            var writer = new BodyWriter(body);
            var buffer = writer.Buffer;
            Csv.Append(buffer, columns);
            var read = columns.Select(c => ExportColumns.All[c]).ToList();
            for (var more = any; more; more = await rows.MoveNextAsync())
            {
                var row = rows.Current;
                // Categories as a JSON array: joined with "; ", the category "World; Asia" read as two.
                Csv.Append(buffer, read.Select(r => r(row) switch { string[] list => JsonSerializer.Serialize(list, CsvJson), var value => value }), formulas);
                await writer.RowWrittenAsync();
            }

            await writer.FlushAsync();
        }
    }

    /// <summary>Non-ASCII letters as they are: the field is read by people and spreadsheets, not embedded in HTML.</summary>
    private static readonly JsonSerializerOptions CsvJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task WriteNdjsonAsync(Stream body, IAsyncEnumerator<ExportRow> rows, bool any, List<string> columns)
    {
        await using (rows)
        {
            var writer = new BodyWriter(body);
            var buffer = writer.Buffer;
            await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
            for (var more = any; more; more = await rows.MoveNextAsync())
            {
                json.WriteStartObject();
                foreach (var column in columns)
                {
                    json.WritePropertyName(column);
                    var value = ExportColumns.All[column](rows.Current);
                    if (value is ReadOnlyMemory<byte> utf8 && Utf8.IsValid(utf8.Span))
                    {
                        json.WriteStringValue(utf8.Span);
                    }
                    else
                    {
                        JsonSerializer.Serialize(json, value is ReadOnlyMemory<byte> broken ? Encoding.UTF8.GetString(broken.Span) : value);
                    }
                }

                json.WriteEndObject();
                json.Flush();
                json.Reset(); // each line is its own JSON document: no separator carried over
                buffer.Write("\n"u8);
                await writer.RowWrittenAsync();
            }

            await writer.FlushAsync();
        }
    }
}
