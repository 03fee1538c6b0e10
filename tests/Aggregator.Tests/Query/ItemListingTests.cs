using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Query;

/// <summary>GET /api/items over a real SQLite file filled with known items.</summary>
public sealed class ItemListingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private AggregatorApp _app = null!;
    private HttpClient _client = null!;
    private long _first;
    private long _second;

    public async Task InitializeAsync()
    {
        _app = new AggregatorApp(_folder);
        _client = _app.CreateClient();
        var sources = _app.Services.GetRequiredService<SourceStore>();
        _first = (await sources.AddAsync(new SourceDefinition("http://first.example/feed", "First", 60, false)))!.Id;
        _second = (await sources.AddAsync(new SourceDefinition("http://second.example/feed", "Second", 60, false)))!.Id;
        await InsertAsync(_first, 0, 30, "alpha");
        await InsertAsync(_second, 30, 30, "beta");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task NewestFirstWithTheDefaultLimit()
    {
        var page = await PageAsync("/api/items");
        Assert.Equal(50, page.Items.Count);
        Assert.Equal("beta 59", page.Items[0].GetProperty("title").GetString());
        Assert.NotNull(page.Next);
    }

    [Fact]
    public async Task ACursorWalkSeesEveryItemOnceWhileItemsArrive()
    {
        var seen = new List<string>();
        var url = "/api/items?limit=7";
        var inserted = 0;
        while (true)
        {
            var page = await PageAsync(url);
            seen.AddRange(page.Items.Select(i => i.GetProperty("title").GetString()!));
            if (page.Next is null)
            {
                break;
            }

            // Newer and older items land while the walk goes on.
            await InsertAsync(_first, 1000 + inserted, 1, "late");
            await InsertAsync(_first, -100 - inserted, 1, "backfill");
            inserted++;
            url = $"/api/items?limit=7&cursor={Uri.EscapeDataString(page.Next)}";
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(Enumerable.Range(0, 60).All(i => seen.Contains(i < 30 ? $"alpha {i}" : $"beta {i}")));
        Assert.DoesNotContain(seen, t => t.StartsWith("late", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OldestFirstWalksForward()
    {
        var first = await PageAsync("/api/items?sort=oldest&limit=10");
        var second = await PageAsync($"/api/items?sort=oldest&limit=10&cursor={Uri.EscapeDataString(first.Next!)}");
        Assert.Equal("alpha 0", first.Items[0].GetProperty("title").GetString());
        Assert.Equal("alpha 10", second.Items[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task FiltersCombine()
    {
        var since = Start.AddHours(10).ToString("O");
        var until = Start.AddHours(40).ToString("O");
        var page = await PageAsync($"/api/items?source={_first}&since={Uri.EscapeDataString(since)}&until={Uri.EscapeDataString(until)}&limit=500");
        Assert.Equal(Enumerable.Range(10, 20).Reverse().Select(i => $"alpha {i}"), page.Items.Select(i => i.GetProperty("title").GetString()));
    }

    [Theory]
    [InlineData("alpha", 30)]
    [InlineData("alpha OR beta", 60)]
    [InlineData("alpha NOT number7", 29)]
    [InlineData("\"beta number33\"", 1)]
    [InlineData("numb*", 60)]
    [InlineData("title:alpha", 30)]
    [InlineData("ALPHA number1*", 11)]
    public async Task SearchSyntaxMatchesTheDocumentedMeaning(string q, int count)
    {
        var page = await PageAsync($"/api/items?limit=500&q={Uri.EscapeDataString(q)}");
        Assert.Equal(count, page.Items.Count);
    }

    [Fact]
    public async Task RelevanceSortPagesWithoutRepeats()
    {
        var first = await PageAsync("/api/items?q=alpha&sort=relevance&limit=20");
        var second = await PageAsync($"/api/items?q=alpha&sort=relevance&limit=20&cursor={Uri.EscapeDataString(first.Next!)}");
        var ids = first.Items.Concat(second.Items).Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(30, ids.Distinct().Count());
        Assert.Null(second.Next);
    }

    [Theory]
    [InlineData("q=%22unclosed", "quotation")]
    [InlineData("q=NOT%20alpha", "NOT")]
    [InlineData("q=alpha%20OR", "OR")]
    [InlineData("q=(alpha", "bracket is never closed")]
    [InlineData("q=alpha%00", "control")]
    [InlineData("since=yesterday", "since")]
    [InlineData("until=2024-13-45", "until")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=100000000000", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("source=abc", "source")]
    [InlineData("sort=sideways", "sort")]
    [InlineData("sort=relevance", "relevance")]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor")]
    [InlineData("cursor=%%%", "cursor")]
    public async Task MalformedParametersAre400WithADetail(string query, string mentions)
    {
        var response = await _client.GetAsync($"/api/items?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(mentions, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OneItemByIdCarriesTheContractFields()
    {
        var id = (await PageAsync("/api/items?limit=1")).Items[0].GetProperty("id").GetInt64();
        var item = await _client.GetFromJsonAsync<JsonElement>($"/api/items/{id}");
        foreach (var field in new[] { "id", "sourceId", "title", "url", "author", "published", "summary", "contentHtml", "contentText", "categories" })
        {
            Assert.True(item.TryGetProperty(field, out _), $"missing {field}");
        }
    }

    private async Task InsertAsync(long sourceId, int from, int count, string word)
    {
        var items = _app.Services.GetRequiredService<ItemStore>();
        var drafts = Enumerable.Range(from, count).Select(i => new ItemDraft(
            $"{word}-{i}", null, $"http://example.com/{word}/{i}", $"{word} {i}", "Writer", Start.AddHours(i), null,
            null, $"<p>{word} number{i}</p>", $"{word} number{i}", ["News"], [], $"hash-{i}")).ToList();
        await items.UpsertAsync(sourceId, drafts);
    }

    private async Task<(List<JsonElement> Items, string? Next)> PageAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var next = page.GetProperty("nextCursor");
        return ([.. page.GetProperty("items").EnumerateArray()], next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }
}
