using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Schedule;

/// <summary>
/// Keep/block rules through the real host: a feed of several entries served on loopback, rules set
/// through the API, and what lands in the store (and which pages were fetched) checked over HTTP.
/// </summary>
public sealed class FilterRulesTests : IAsyncLifetime
{
    private const string Long = "This paragraph is long enough for the cleaner to keep it as the article's own text, nothing more.";

    private readonly TempFolder _folder = new();
    private FixtureServer _site = null!;
    private AggregatorApp _app = null!;

    public async Task InitializeAsync()
    {
        _site = await FixtureServer.StartAsync();
        _site.ServeText("/news.xml", Feed(
                Entry("kabul", "Kabul council meets", "Reporter One", $"<p>{Long}</p>"),
                Entry("sponsored", "Sponsored: buy our phone", "Marketing", $"<p>{Long}</p>"),
                Entry("weather", "Weather for the weekend", "Reporter Two", $"<p>{Long}</p>"),
                Entry("herat", "Herat roads reopen", "Reporter One", $"<p>{Long} Crypto offers inside.</p>")), "application/rss+xml")
            .ServeText("/teasers.xml", Feed(
                Entry("ad-teaser", "Advertorial: a new car", "Marketing", "A short teaser […]"),
                Entry("story-teaser", "Council meets", "Reporter One", "A short teaser […]")), "application/rss+xml")
            .ServeText("/ad-teaser", Page("A car you will love."), "text/html; charset=utf-8")
            .ServeText("/story-teaser", Page("The council of Mazar-i-Sharif voted on the new budget today."), "text/html; charset=utf-8");
        _app = new AggregatorApp(_folder);
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _site.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task KeepAndBlockRulesStoreExactlyTheMatchingEntries()
    {
        var id = await AddAsync("/news.xml", new object[]
        {
            new { action = "keep", field = "author", words = new[] { "reporter one", "reporter two" } },
            new { action = "block", field = "title", regex = "(?i)^weather\\b" },
            new { action = "block", field = "any", words = new[] { "crypto" } },
            new { action = "block", field = "title", words = new[] { "sponsored" } },
        });

        var source = await _app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").ValueKind != JsonValueKind.Null);

        // sponsored: no keep rule matches its author (and a block rule its title); weather: blocked by the regex;
        // herat: blocked by a word in its text. Only kabul is left.
        Assert.Equal(["Kabul council meets"], await TitlesAsync($"/api/items?source={id}"));
        Assert.Equal("ok", source.GetProperty("lastStatus").GetString());
        using var client = _app.CreateClient();
        var fetch = (await client.GetFromJsonAsync<JsonElement[]>($"/api/sources/{id}/fetches"))![0];
        Assert.Equal((1, 3), (fetch.GetProperty("added").GetInt32(), fetch.GetProperty("filtered").GetInt32()));
    }

    [Fact]
    public async Task ABlockRuleOnTheFeedsEntryMeansItsPageIsNeverFetched()
    {
        var id = await AddAsync("/teasers.xml", new object[] { new { action = "block", field = "title", words = new[] { "advertorial" } } });

        await _app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").ValueKind != JsonValueKind.Null);

        Assert.Equal(["Council meets"], await TitlesAsync($"/api/items?source={id}"));
        Assert.Equal(1, _site.Hits("/story-teaser"));
        Assert.Equal(0, _site.Hits("/ad-teaser"));
    }

    [Fact]
    public async Task AKeepRuleOnTextMatchesTextThatOnlyTheFullPageCarries()
    {
        var id = await AddAsync("/teasers.xml", new object[] { new { action = "keep", field = "text", words = new[] { "Mazar-i-Sharif" } } });

        await _app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").ValueKind != JsonValueKind.Null);

        var item = Assert.Single((await ItemsAsync($"/api/items?source={id}")).EnumerateArray());
        Assert.Equal("Council meets", item.GetProperty("title").GetString());
        Assert.Contains("Mazar-i-Sharif", item.GetProperty("contentText").GetString(), StringComparison.Ordinal);
    }

    private async Task<long> AddAsync(string path, object[] filters)
    {
        using var admin = _app.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/sources", new { url = _site.Url(path).AbsoluteUri, filters });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var source = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(filters.Length, source.GetProperty("filters").GetArrayLength());
        return source.GetProperty("id").GetInt64();
    }

    private async Task<JsonElement> ItemsAsync(string query)
    {
        using var client = _app.CreateClient();
        return (await client.GetFromJsonAsync<JsonElement>(query)).GetProperty("items");
    }

    private async Task<string[]> TitlesAsync(string query) =>
        [.. (await ItemsAsync(query)).EnumerateArray().Select(i => i.GetProperty("title").GetString() ?? "")];

    private string Entry(string slug, string title, string author, string description) => $"""
        <item><title>{title}</title><link>{_site.Origin}/{slug}</link><guid>{_site.Origin}/{slug}</guid>
        <dc:creator>{author}</dc:creator><description><![CDATA[{description}]]></description></item>
        """;

    private string Feed(params string[] entries) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
        <title>Filters</title><link>{_site.Origin}/</link><description>d</description>
        {string.Concat(entries)}
        </channel></rss>
        """;

    private static string Page(string sentence) =>
        $"<html><body><article><h1>Story</h1><p>{sentence} {Long}</p><p>{Long} Again.</p></article></body></html>";
}

/// <summary>Per-source interval bounds seen through the API after a real fetch.</summary>
public sealed class IntervalBoundsTests
{
    [Theory]
    [InlineData(60, null, 10, 10)]
    [InlineData(60, 120, null, 120)]
    [InlineData(60, null, null, 60)]
    public async Task TheSourcesBoundsClampThePlannedInterval(int interval, int? min, int? max, int planned)
    {
        using var folder = new TempFolder();
        await using var site = (await FixtureServer.StartAsync()).ServeText("/undated.xml", """
            <?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://x.example/</link><description>d</description>
            <item><title>One</title><guid isPermaLink="false">one</guid><description>Undated, so no rhythm stretches the interval.</description></item>
            </channel></rss>
            """, "application/rss+xml");
        await using var app = new AggregatorApp(folder);
        using var admin = app.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/sources", new
        {
            url = site.Url("/undated.xml").AbsoluteUri, intervalMinutes = interval, minIntervalMinutes = min, maxIntervalMinutes = max,
        });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var source = await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").GetString() == "ok");

        Assert.Equal(planned, source.GetProperty("pollMinutes").GetInt32());
        var wait = source.GetProperty("nextFetchAt").GetDateTimeOffset() - source.GetProperty("lastFetchedAt").GetDateTimeOffset();
        Assert.InRange(wait.TotalMinutes, planned - 0.1, planned + 0.1);
    }
}

/// <summary>Keep/block rules of <c>Aggregator:Filters</c>, applied to every source.</summary>
public sealed class GlobalFilterTests
{
    [Fact]
    public async Task AGlobalBlockRuleDropsTheItemsOfEverySource()
    {
        using var folder = new TempFolder();
        await using var site = (await FixtureServer.StartAsync()).ServeText("/feed.xml", """
            <?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://x.example/</link><description>d</description>
            <item><title>Sponsored: a phone</title><guid isPermaLink="false">ad</guid><description>Buy it now.</description></item>
            <item><title>Council meets</title><guid isPermaLink="false">news</guid><description>The council met today.</description></item>
            </channel></rss>
            """, "application/rss+xml");
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?>
        {
            ["Aggregator:Filters:0:Action"] = "block",
            ["Aggregator:Filters:0:Field"] = "title",
            ["Aggregator:Filters:0:Words:0"] = "sponsored",
        });
        var id = (await app.AddSourceAsync(site.Url("/feed.xml"))).GetProperty("id").GetInt64();

        await app.WaitForSourceAsync(id, s => s.GetProperty("lastStatus").ValueKind != JsonValueKind.Null);

        using var client = app.CreateClient();
        var items = (await client.GetFromJsonAsync<JsonElement>($"/api/items?source={id}")).GetProperty("items");
        Assert.Equal("Council meets", Assert.Single(items.EnumerateArray()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task ABadGlobalRuleStopsTheStartNamingIt()
    {
        using var folder = new TempFolder();
        var path = folder.File("sources.json");
        await File.WriteAllTextAsync(path, """{ "sources": [] }""");

        var run = await AggregatorProcess.RunAsync(folder.Path, "--urls", "http://127.0.0.1:0", $"--Aggregator:SourcesFile={path}",
            $"--Aggregator:Database={folder.File("a.db")}", "--Aggregator:Filters:0:Action=keep", "--Aggregator:Filters:0:Regex=(oops");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Aggregator:Filters[0].regex", Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
