using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Query;

public sealed class SqlTests(QueryData data) : IClassFixture<QueryData>
{
    private async Task<HttpResponseMessage> RunAsync(string sql, string extra = "", string? key = QueryData.AnalystKey)
    {
        using var client = data.App.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return await client.GetAsync(new Uri($"/api/sql?sql={Uri.EscapeDataString(sql)}{extra}", UriKind.Relative));
    }

    [Fact]
    public async Task ReadsWithNamedParameters()
    {
        var response = await RunAsync("select title, language from items where author = :author and published_at >= @from order by id", "&author=Jane%20Doe&from=0");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["title", "language"], body.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["Taliban talks resume in Doha", "Football final"], body.GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()));
        Assert.False(body.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task SearchesTheIndexAndAnswersInCsvWithARowCap()
    {
        var response = await RunAsync("select i.id, i.title from items_fts join items i on i.id = items_fts.rowid where items_fts match 'peace' order by i.id", "&_format=csv&_limit=1");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "text/csv", await response.Content.ReadAsStringAsync());
        Assert.Equal($"id,title\r\n{data.Ids["i1"]},Taliban talks resume in Doha\r\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("rows", response.Headers.GetValues("X-Truncated").Single());
    }

    [Fact]
    public async Task WritesInfinityAsAStringInJsonAndAsTextInCsv()
    {
        var json = await RunAsync("select 1e999, -1e999, 1.5");
        var csv = await RunAsync("select 1e999, -1e999, 1.5", "&_format=csv");
        var body = await json.Content.ReadAsStringAsync();

        Assert.True(json.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("""[["Infinity","-Infinity",1.5]]""", JsonDocument.Parse(body).RootElement.GetProperty("rows").GetRawText());
        Assert.Equal("1e999,-1e999,1.5\r\nInfinity,-Infinity,1.5\r\n", await csv.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CsvDisarmsTextThatStartsLikeAFormulaUnlessAskedToKeepIt()
    {
        const string Sql = "select '=HYPERLINK(1)' as a, '-2' as b, -5 as c, 'plain' as d";
        var escaped = await RunAsync(Sql, "&_format=csv");
        var kept = await RunAsync(Sql, "&_format=csv&_formulas=keep");
        var wrong = await RunAsync(Sql, "&_format=csv&_formulas=maybe");

        Assert.Equal("a,b,c,d\r\n'=HYPERLINK(1),'-2,-5,plain\r\n", await escaped.Content.ReadAsStringAsync());
        Assert.Equal("a,b,c,d\r\n=HYPERLINK(1),-2,-5,plain\r\n", await kept.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    [Theory]
    [InlineData("select ?", "", "only named parameters (:name, @name, $name) are supported; the statement uses ?")]
    [InlineData("select ?1, :a", "&a=5", "only named parameters (:name, @name, $name) are supported; the statement uses ?1")]
    [InlineData("select :a, ?5, ?", "&a=5", "the statement uses ?5, ?")]
    [InlineData("select :a, @b, $c", "&b=1", "no value for parameter :a, $c;")]
    [InlineData("select :sql", "", "parameter :sql can never have a value: sql, _format, _limit, _formulas are the endpoint's own")]
    [InlineData("select :a", "&a=1&a=2", "a: given 2 times; give it once")]
    public async Task RefusesParametersItCannotBind(string sql, string extra, string detail)
    {
        var response = await RunAsync(sql, extra);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{sql}: {response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoundsTheSizeOfEveryValueSoThatOneCallCannotOutrunTheTimeLimit()
    {
        var tooBig = await RunAsync("select length(hex(randomblob(20000000)))");
        var body = await tooBig.Content.ReadAsStringAsync();
        var fits = await RunAsync("select length(hex(randomblob(1000000)))");

        Assert.True(tooBig.StatusCode == HttpStatusCode.BadRequest, $"{tooBig.StatusCode} {body}");
        Assert.Contains("larger than 16777216 bytes (Aggregator:SqlMaxValueBytes)", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2_000_000, (await fits.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows")[0][0].GetInt64());
    }

    [Fact]
    public async Task CutsAResultAtItsByteBoundAndSaysSo()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?>
        {
            ["Aggregator:AnalystApiKey"] = QueryData.AnalystKey,
            ["Aggregator:SqlMaxResultBytes"] = "10000",
        });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", QueryData.AnalystKey);
        // 1,024 bytes a row (8 for each of two values, and 1,000 characters): nine rows fit in 10,000 bytes, the tenth does not.
        var sql = Uri.EscapeDataString("with r(n) as (select 1 union all select n + 1 from r limit 50) select n, printf('%.1000c', 'x') from r");

        var json = await client.GetAsync(new Uri($"/api/sql?sql={sql}", UriKind.Relative));
        var csv = await client.GetAsync(new Uri($"/api/sql?sql={sql}&_format=csv", UriKind.Relative));
        var body = await json.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(9, body.GetProperty("rows").GetArrayLength());
        Assert.True(body.GetProperty("truncated").GetBoolean());
        Assert.Equal("bytes", body.GetProperty("truncatedBy").GetString());
        Assert.Equal("bytes", json.Headers.GetValues("X-Truncated").Single());
        Assert.Equal(1 + 9, (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("bytes", csv.Headers.GetValues("X-Truncated").Single());
    }

    [Fact]
    public async Task MarksBlobsTheWayDatasetteDoes()
    {
        var json = await RunAsync("select x'00ff', 'AP8=', zeroblob(0)");
        var csv = await RunAsync("select x'00ff' b, 'AP8=' t", "&_format=csv");
        var body = await json.Content.ReadAsStringAsync();

        Assert.True(json.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("""[[{"$base64":true,"encoded":"AP8="},"AP8=",{"$base64":true,"encoded":""}]]""", JsonDocument.Parse(body).RootElement.GetProperty("rows").GetRawText());
        Assert.Equal("b,t\r\nAP8=,AP8=\r\n", await csv.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("select name, type from pragma_table_info('items') where name = 'starred'", """[["starred","INTEGER"]]""")]
    [InlineData("select name, hidden from pragma_table_xinfo('items') where name = 'has_enclosure'", """[["has_enclosure",2]]""")]
    [InlineData("select name from pragma_index_list('item_categories') where origin = 'c'", """[["item_categories_by_item"]]""")]
    [InlineData("select name from pragma_index_info('item_tombstones_by_expiry')", """[["expires_at"]]""")]
    [InlineData("select p.name from sqlite_schema t, pragma_table_info(t.name) p where t.name = 'item_hours'", """[["hour"],["min_id"]]""")]
    [InlineData("pragma table_info(item_hours)", """[[0,"hour","INTEGER",0,null,1],[1,"min_id","INTEGER",1,null,0]]""")]
    [InlineData("PRAGMA TABLE_INFO(item_hours)", """[[0,"hour","INTEGER",0,null,1],[1,"min_id","INTEGER",1,null,0]]""")]
    public async Task LooksColumnsAndIndexesUpWithTheSchemaPragmas(string sql, string rows)
    {
        var response = await RunAsync(sql);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{sql}: {response.StatusCode} {body}");
        Assert.Equal(rows, JsonDocument.Parse(body).RootElement.GetProperty("rows").GetRawText());
    }

    [Theory]
    [InlineData("delete from items", "read")]
    [InlineData("update sources set title = 'x'", "read")]
    [InlineData("insert into sources (url, origin, interval_minutes, created_at) values ('u', 'api', 1, 1)", "read")]
    [InlineData("create table t (x)", "read")]
    [InlineData("drop table items", "read")]
    [InlineData("pragma journal_mode = delete", "PRAGMA")]
    [InlineData("select * from pragma_journal_mode", "PRAGMA")]
    [InlineData("select * from pragma_user_version", "PRAGMA")]
    [InlineData("select * from pragma_table_info('items') join pragma_cache_size", "PRAGMA")]
    [InlineData("attach database ':memory:' as other", "ATTACH")]
    [InlineData("select 1; delete from items", "one statement")]
    [InlineData("select 1; select 2", "one statement")]
    [InlineData("begin immediate", "read")]
    [InlineData("vacuum", "read")]
    [InlineData("select * from nosuchtable", "no such table")]
    [InlineData("select nosuchcolumn from items", "no such column")]
    [InlineData("selec 1", "syntax error")]
    [InlineData("-- nothing but a comment", "no SQL statement")]
    [InlineData("with recursive c(x) as (select 1 union all select x + 1 from c) select max(x) from c", "longer than")]
    [InlineData("select * from items where author = :who", "parameter :who")]
    [InlineData("select zeroblob(20000000)", "Aggregator:SqlMaxValueBytes")]
    [InlineData("select 'a' like printf('%.*c', 2000, '%')", "pattern too complex")]
    public async Task RefusesAnythingButOneQuickRead(string sql, string reason)
    {
        var response = await RunAsync(sql);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{sql}: {response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var count = await RunAsync("select count(*) from items");
        Assert.Equal(6, (await count.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows")[0][0].GetInt64());
    }

    [Fact]
    public async Task TheDocumentedSchemaNamesEveryTableAndColumn()
    {
        var response = await RunAsync("""
            select t.name, c.name from sqlite_schema t, pragma_table_xinfo(t.name) c
            where t.type = 'table' and t.name not like 'sqlite%' and c.hidden <> 1
              and t.name not in ('items_fts_data', 'items_fts_idx', 'items_fts_docsize', 'items_fts_config')
            """);
        var rows = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows").EnumerateArray()
            .Select(r => (Table: r[0].GetString()!, Column: r[1].GetString()!)).ToList();
        var docs = File.ReadAllText(DocsFile("query.md"));
        var start = docs.IndexOf("### Schema for SQL", StringComparison.Ordinal);
        var schema = docs[start..docs.IndexOf("Examples:", start, StringComparison.Ordinal)];

        Assert.Contains(rows, r => r == ("items", "feed_content"));
        var missing = rows.Where(r => !schema.Contains($"`{r.Table}`", StringComparison.Ordinal) || !schema.Contains($"`{r.Column}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"docs/query.md leaves out {string.Join(", ", missing.Select(r => $"{r.Table}.{r.Column}"))}");
    }

    private static string DocsFile(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, "docs", name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"docs/{name} above {AppContext.BaseDirectory}");
    }

    [Fact]
    public async Task NeedsTheAnalystKey()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await RunAsync("select 1", key: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RunAsync("select 1", key: AggregatorApp.AdminKey)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await RunAsync("select 1", "&_format=xml")).StatusCode);
    }

    [Fact]
    public async Task IsDisabledWithoutAnAnalystKey()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        using var client = app.CreateAdminClient();

        var response = await client.GetAsync(new Uri("/api/sql?sql=select%201", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Aggregator:AnalystApiKey", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
