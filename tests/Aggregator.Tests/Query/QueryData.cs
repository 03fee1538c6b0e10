using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Query;

/// <summary>
/// A host with six known items in two sources, written through the real store, shared by a test class.
/// Every expected result set in the query tests is worked out by hand from this table.
/// </summary>
public sealed class QueryData : IAsyncLifetime
{
    public const string AnalystKey = "test-analyst-key";

    private readonly TempFolder _folder = new();

    public AggregatorApp App { get; private set; } = null!;

    /// <summary>Item ids by their name in <see cref="Items"/>.</summary>
    public Dictionary<string, long> Ids { get; } = [];

    public long SourceA { get; private set; }

    public long SourceB { get; private set; }

    internal static readonly (string Name, char Source, string Title, string Text, string? Author, string? Language, string[] Categories, int Day, bool Enclosure)[] Items =
    [
        ("i1", 'A', "Taliban talks resume in Doha", "Negotiators met in Doha on Monday for peace talks.", "Jane Doe", "en-US", ["Politics", "World"], 1, false),
        ("i2", 'A', "Election results announced", "The election commission published results. Observers from the Taliban era were absent.", "John Roe", "en", ["Politics"], 2, false),
        ("i3", 'A', "Football final", "A penalty decided the final in extra time.", "Jane Doe", "en_GB", ["Sport"], 3, true),
        ("i4", 'B', "Wahlen in Europa", "Die Wahl zum Europaparlament beginnt.", "Max Mustermann", "de", ["POLITICS"], 4, false),
        ("i5", 'B', "Podcast: peace process", "Our weekly podcast on the peace process in Afghanistan.", null, "en", ["World"], 5, true),
        ("i6", 'B', "Markets rally", "Stocks rose as elections calmed investors.", "John Roe", "en", [], 6, false),
    ];

    public async Task InitializeAsync()
    {
        App = new AggregatorApp(_folder, new Dictionary<string, string?> { ["Aggregator:AnalystApiKey"] = AnalystKey });
        (SourceA, SourceB) = await SeedAsync(App);
        using var client = App.CreateClient();
        var page = await client.GetFromJsonAsync<JsonElement>("/api/items?limit=500");
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            Ids[Items.Single(i => i.Title == item.GetProperty("title").GetString()).Name] = item.GetProperty("id").GetInt64();
        }
    }

    /// <summary>Writes the two sources and six items into an app's store, in the order of <see cref="Items"/>.</summary>
    internal static async Task<(long SourceA, long SourceB)> SeedAsync(AggregatorApp app)
    {
        var sources = app.Services.GetRequiredService<SourceStore>();
        var sourceA = (await sources.AddAsync(new SourceDefinition("https://a.example/feed", "Source A", 60, false)))!.Id;
        var sourceB = (await sources.AddAsync(new SourceDefinition("https://b.example/feed", "Source B", 60, false)))!.Id;
        var store = app.Services.GetRequiredService<ItemStore>();
        foreach (var item in Items)
        {
            await store.UpsertAsync(item.Source == 'A' ? sourceA : sourceB, [Draft(item.Name, item.Title, item.Text, item.Author, item.Language, item.Categories, item.Day, item.Enclosure)]);
        }

        return (sourceA, sourceB);
    }

    internal static ItemDraft Draft(string key, string title, string text, string? author, string? language, string[] categories, int day, bool enclosure) => new(
        key, key, $"https://example.com/{key}", title, author, new DateTimeOffset(2024, 6, day, 10, 0, 0, TimeSpan.Zero), null,
        text, $"<p>{text}</p>", text, categories,
        enclosure ? [new StoredEnclosure($"https://example.com/{key}.mp3", "audio/mpeg", 1000)] : [], $"hash-{key}-{title}", language);

    /// <summary>The names of the items a listing returns, in order.</summary>
    public async Task<List<string>> NamesAsync(string query)
    {
        using var client = App.CreateClient();
        var response = await client.GetAsync(new Uri($"/api/items{query}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{query}: {body}");
        var byId = Ids.ToDictionary(p => p.Value, p => p.Key);
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Select(i => byId[i.GetProperty("id").GetInt64()])];
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _folder.Dispose();
    }
}
