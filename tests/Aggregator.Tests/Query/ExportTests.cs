using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Sources;
using Aggregator.Store;
using Aggregator.Tests.Support;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Query;

public sealed class ExportTests(QueryData data) : IClassFixture<QueryData>
{
    [Fact]
    public async Task NdjsonHoldsEveryMatchingItemWithTheAnalystsColumns()
    {
        using var client = data.App.CreateClient();
        var response = await client.GetAsync(new Uri("/api/items/export.ndjson?category=politics", UriKind.Relative));
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal([data.Ids["i4"], data.Ids["i2"], data.Ids["i1"]], lines.Select(l => l.GetProperty("id").GetInt64()));
        var first = lines[2];
        Assert.Equal("Taliban talks resume in Doha", first.GetProperty("title").GetString());
        Assert.Equal("Source A", first.GetProperty("source").GetString());
        Assert.Equal("2024-06-01T10:00:00Z", first.GetProperty("published").GetString());
        Assert.Equal(["Politics", "World"], first.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Negotiators met in Doha on Monday for peace talks.", first.GetProperty("text").GetString());
        Assert.Equal("en-us", first.GetProperty("language").GetString());
    }

    [Fact]
    public async Task CsvQuotesFieldsAndMatchesTheListing()
    {
        using var client = data.App.CreateClient();
        var csv = await client.GetStringAsync(new Uri("/api/items/export.csv?q=peace%20OR%20election&columns=id,title,categories,text", UriKind.Relative));
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("id,title,categories,text", rows[0]);
        Assert.Equal($"{data.Ids["i5"]},Podcast: peace process,\"[\"\"World\"\"]\",Our weekly podcast on the peace process in Afghanistan.", rows[1]);
        Assert.Equal($"{data.Ids["i2"]},Election results announced,\"[\"\"Politics\"\"]\",The election commission published results. Observers from the Taliban era were absent.", rows[2]);
        Assert.Equal($"{data.Ids["i1"]},Taliban talks resume in Doha,\"[\"\"Politics\"\",\"\"World\"\"]\",Negotiators met in Doha on Monday for peace talks.", rows[3]);
        Assert.Equal(4, rows.Length);
    }

    [Fact]
    public async Task ExportOfEverythingEqualsTheListing()
    {
        using var client = data.App.CreateClient();
        var listing = await client.GetFromJsonAsync<JsonElement>("/api/items?limit=500");
        var export = await client.GetStringAsync(new Uri("/api/items/export.ndjson?columns=id", UriKind.Relative));
        Assert.Equal(
            listing.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()),
            export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task ExportsCopyTheStoredTextWithItsQuotesLineBreaksAndScripts()
    {
        // The text goes from SQLite to the response as UTF-8 bytes, never a string: quoting and JSON
        // escaping work on those bytes.
        const string text = "He said \"no\", then left.\r\nZürich — 東京 😀 \\ \t end";
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var source = (await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://export.example/feed", "Export", 60, false)))!.Id;
        await app.Services.GetRequiredService<ItemStore>().UpsertAsync(source, [QueryData.Draft("x1", "Quotes, \"too\"", text, null, "en", [], 1, false)]);
        using var client = app.CreateClient();

        var csv = await client.GetStringAsync(new Uri("/api/items/export.csv?columns=title,text", UriKind.Relative));
        var ndjson = await client.GetStringAsync(new Uri("/api/items/export.ndjson?columns=title,text", UriKind.Relative));

        Assert.Equal($"title,text\r\n\"Quotes, \"\"too\"\"\",\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\r\n", csv);
        var row = JsonDocument.Parse(ndjson).RootElement;
        Assert.Equal(text, row.GetProperty("text").GetString());
        Assert.Equal("Quotes, \"too\"", row.GetProperty("title").GetString());
    }

    [Fact]
    public async Task CsvDisarmsFormulasUnlessAskedAndKeepsEachCategoryWhole()
    {
        // A feed's title or text that starts like a spreadsheet formula would run in the analyst's
        // spreadsheet; a category holding "; " would read as two if categories were joined with it.
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var source = (await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://formula.example/feed", "Formula", 60, false)))!.Id;
        await app.Services.GetRequiredService<ItemStore>().UpsertAsync(source, [
            QueryData.Draft("f1", "=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(1,2)", null, "en", ["World; Asia", "Économie"], 1, false),
            QueryData.Draft("f2", "-5 degrees in Oslo", "+plain text", null, "en", [], 2, false),
        ]);
        using var client = app.CreateClient();

        var escaped = await client.GetStringAsync(new Uri("/api/items/export.csv?columns=id,title,text,categories&sort=oldest", UriKind.Relative));
        var kept = await client.GetStringAsync(new Uri("/api/items/export.csv?columns=title,text&sort=oldest&formulas=keep", UriKind.Relative));

        var rows = escaped.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",\"'@SUM(1,2)\",\"[\"\"World; Asia\"\",\"\"Économie\"\"]\"", rows[1], StringComparison.Ordinal);
        Assert.EndsWith(",'-5 degrees in Oslo,'+plain text,[]", rows[2], StringComparison.Ordinal);
        Assert.False(rows[1].StartsWith('\'')); // the id, a number, is left alone
        Assert.Equal("title,text\r\n\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",\"@SUM(1,2)\"\r\n-5 degrees in Oslo,+plain text\r\n", kept);
    }

    [Theory]
    [InlineData("/api/items/export.csv?formulas=maybe", "formulas")]
    [InlineData("/api/items/export.csv?columns=id&columns=title", "columns=a,b")]
    [InlineData("/api/items/export.csv?q=doha&q=election", "q: given 2 times")]
    [InlineData("/api/items/export.csv?columns=id,password", "password")]
    [InlineData("/api/items/export.csv?q=%22open", "quotation")]
    [InlineData("/api/items/export.ndjson?limit=0", "limit")]
    [InlineData("/api/items/export.xlsx", "export.csv")]
    public async Task BadExportsAreProblems(string url, string detail)
    {
        using var client = data.App.CreateClient();
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{url}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>
/// Exports read their rows in chunks of ids, each chunk's rows in id order (<see cref="ItemStore.ExportAsync"/>):
/// over many chunks, with ids scattered in time or in runs, the export still holds every item once, in
/// the listing's order.
/// </summary>
public sealed class ChunkedExportTests
{
    [Fact]
    public async Task ExportsOfManyChunksFollowTheListingWhetherIdsRunInTimeOrderOrNot()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var sources = app.Services.GetRequiredService<SourceStore>();
        var items = app.Services.GetRequiredService<ItemStore>();
        var scattered = (await sources.AddAsync(new SourceDefinition("https://scattered.example/feed", "Scattered", 60, false)))!.Id;
        var ordered = (await sources.AddAsync(new SourceDefinition("https://ordered.example/feed", "Ordered", 60, false)))!.Id;
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        // Ids follow arrival; these arrive in an order unrelated to their dates, so newest first their ids
        // are scattered (chunks read by id list), while the other source's run with their dates (by range).
        await items.UpsertAsync(scattered, [.. Enumerable.Range(0, 700).Select(n => Draft("s", n, start.AddMinutes(n * 7919 % 700)))]);
        await items.UpsertAsync(ordered, [.. Enumerable.Range(0, 600).Select(n => Draft("o", n, start.AddMinutes((2 * n) + 1)))]);

        using var client = app.CreateClient();
        foreach (var query in new[] { "", "sort=oldest", $"source={scattered}", $"source={ordered}", "q=body" })
        {
            var export = await client.GetStringAsync(new Uri($"/api/items/export.ndjson?columns=id&{query}", UriKind.Relative));
            var exported = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()).ToList();
            var listed = await WalkAsync(client, query);
            Assert.True(listed.Count >= 600, $"{query}: {listed.Count} listed");
            Assert.Equal(listed, exported);
        }
    }

    [Fact]
    public async Task AnExportHoldsNoSnapshotWhileItsClientReads()
    {
        // A slow client reads the first rows and pauses; meanwhile the store is written. With the export's
        // snapshot held for its whole life, the log could not be copied back past it until the client finished.
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var items = app.Services.GetRequiredService<ItemStore>();
        var database = app.Services.GetRequiredService<Database>();
        var source = (await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://slow.example/feed", "Slow", 60, false)))!.Id;
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        await items.UpsertAsync(source, [.. Enumerable.Range(0, 700).Select(n => Draft("e", n, start.AddMinutes(n)))]);

        await using var rows = items.ExportAsync(new ItemFilter(), null).GetAsyncEnumerator();
        Assert.True(await rows.MoveNextAsync());
        await items.UpsertAsync(source, [.. Enumerable.Range(700, 50).Select(n => Draft("e", n, start.AddMinutes(n)))]);

        // Every frame of the log can be copied back while the export waits (polled: the service's own
        // checkpoint may be running, which makes this one busy).
        await using var connection = await database.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        (long Busy, long Log, long Copied) result;
        do
        {
            result = await connection.QuerySingleAsync<(long, long, long)>("PRAGMA wal_checkpoint(PASSIVE)");
        }
        while ((result.Busy != 0 || result.Log != result.Copied) && DateTime.UtcNow < deadline);

        Assert.True(result.Busy == 0 && result.Log == result.Copied, $"busy {result.Busy}, {result.Copied} of {result.Log} frames copied");
        var exported = 1;
        while (await rows.MoveNextAsync())
        {
            exported++;
        }

        Assert.Equal(700, exported); // the ids were read before the new items came
    }

    [Fact]
    public async Task AnIdTakenAgainAfterTheIdPassDoesNotBringALaterItemIntoTheExport()
    {
        // Ids are the largest plus one: when the newest items are deleted mid-export, the next fetch takes
        // their ids again. The export's rows are read after its ids, and must not become those later items.
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var items = new ItemStore(app.Services.GetRequiredService<Database>(), clock);
        var sources = app.Services.GetRequiredService<SourceStore>();
        var kept = (await sources.AddAsync(new SourceDefinition("https://kept.example/feed", "Kept", 60, false)))!.Id;
        var gone = (await sources.AddAsync(new SourceDefinition("https://gone.example/feed", "Gone", 60, false)))!.Id;
        var start = clock.Now.AddDays(-10);
        await items.UpsertAsync(kept, [.. Enumerable.Range(0, 600).Select(n => Draft("k", n, start.AddMinutes(n)))]);
        await items.UpsertAsync(gone, [.. Enumerable.Range(600, 100).Select(n => Draft("g", n, start.AddMinutes(n)))]);

        await using var rows = items.ExportAsync(new ItemFilter(Order: ItemOrder.Oldest), null).GetAsyncEnumerator();
        Assert.True(await rows.MoveNextAsync());
        var titles = new List<string?> { rows.Current.Title };
        Assert.True(await sources.DeleteAsync(gone));
        clock.Advance(TimeSpan.FromHours(1));
        await items.UpsertAsync(kept, [.. Enumerable.Range(0, 100).Select(n => Draft("late", n, clock.Now.AddMinutes(-n)))]);
        while (await rows.MoveNextAsync())
        {
            titles.Add(rows.Current.Title);
        }

        Assert.DoesNotContain(titles, t => t!.StartsWith("Item late", StringComparison.Ordinal));
        Assert.Equal(600, titles.Count); // the deleted source's items are left out, not replaced
    }

    [Fact]
    public async Task TheServiceDeletesExportFilesAKilledProcessLeftBesideTheDatabaseWhenItStarts()
    {
        using var folder = new TempFolder();
        var left = Path.Combine(folder.Path, "aggregator-export-0123456789abcdef0123456789abcdef.ids");
        var other = Path.Combine(folder.Path, "aggregator-notes.ids");
        await File.WriteAllBytesAsync(left, new byte[800]);
        await File.WriteAllTextAsync(other, "an operator's own file");

        await using var app = new AggregatorApp(folder);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        Assert.False(File.Exists(left), "the id file of a killed export is still there");
        Assert.True(File.Exists(other));
        using var export = await client.GetAsync("/api/items/export.csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Empty(Directory.GetFiles(folder.Path, "aggregator-export-*"));
    }

    private static async Task<List<long>> WalkAsync(HttpClient client, string query)
    {
        var ids = new List<long>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/items?limit=500&{query}{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return ids;
    }

    private static ItemDraft Draft(string prefix, int n, DateTimeOffset published) => new(
        $"{prefix}{n}", $"{prefix}{n}", $"https://{prefix}.example/{n}", $"Item {prefix}{n}", null, published, null, null,
        $"<p>body {prefix} {n}</p>", $"body {prefix} {n}", [], [], $"hash-{prefix}{n}");
}
