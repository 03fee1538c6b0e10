using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Query;

public sealed class CursorWalkTests
{
    [Theory]
    [InlineData("")]
    [InlineData("&sort=oldest")]
    [InlineData("&q=common")]
    [InlineData("&category=even")]
    public async Task AWalkSeesEveryItemOnceWhileItemsArrive(string query)
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var source = (await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://a.example/feed", "A", 60, false)))!.Id;
        var store = app.Services.GetRequiredService<ItemStore>();
        // Items share publication times in pairs, so the walk must break ties by id.
        await store.UpsertAsync(source, [.. Enumerable.Range(0, 60).Select(n => Draft(n, day: 1 + (n / 2 % 28)))]);
        using var client = app.CreateClient();

        var seen = new List<long>();
        string? cursor = null;
        var arrivals = 1000;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/items?limit=7{query}{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
            // New items land before, inside and after the part already walked.
            await store.UpsertAsync(source, [Draft(arrivals++, day: 1), Draft(arrivals++, day: 15), Draft(arrivals++, day: 28)]);
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var expected = query.Contains("even", StringComparison.Ordinal) ? 30 : 60;
        Assert.Equal(expected, seen.Count(id => id <= 60));
    }

    private static ItemDraft Draft(int n, int day) => new(
        $"k{n}", null, null, $"Item {n}", null, new DateTimeOffset(2024, 2, day, 12, 0, 0, TimeSpan.Zero), null,
        null, null, $"common text {n}", n % 2 == 0 ? ["even"] : ["odd"], [], $"h{n}");
}
